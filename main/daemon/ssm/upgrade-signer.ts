// SigV4 for the data-channel WebSocket upgrade, as AWS's plugin signs it since 1.2.764.0
// (docs/reference/ssm-data-channel.md §17): an HTTP GET of the exact StreamUrl with an empty body,
// service `ssmmessages`, the session's Region, the credentials of the SSM client that started (or
// now resumes) the session. The SDK's signer does the work; this file only decides what it signs.
import { SignatureV4 } from '@smithy/signature-v4';
import type { SSMClient } from '@aws-sdk/client-ssm';

export const UPGRADE_SIGNING_SERVICE = 'ssmmessages';

/** A URL that carries any of these is presigned already: signing it again would only add a second, conflicting signature. */
const PRESIGN_PARAMETERS = ['x-amz-algorithm', 'x-amz-credential', 'x-amz-date', 'x-amz-expires', 'x-amz-signedheaders', 'x-amz-signature', 'x-amz-security-token'];

export function isPresigned(url: URL): boolean {
  return [...url.searchParams.keys()].some((key) => PRESIGN_PARAMETERS.includes(key.toLowerCase()));
}

/**
 * The headers that sign an upgrade to `url` (Host, X-Amz-Date, X-Amz-Security-Token for
 * temporary credentials, Authorization), or none for a presigned URL or a client without
 * credentials. Credentials and Region are read from `ssm` now, at every connect: the daemon's
 * provider returns the credentials its vault holds at that moment, and the SDK's own providers
 * refresh expiring ones, so a resume never signs with a stale copy (the plugin's 1.2.804.0 bug).
 */
export async function upgradeHeaders(url: URL, ssm: SSMClient): Promise<Record<string, string>> {
  const config = ssm.config as Partial<SSMClient['config']> | undefined;
  if (isPresigned(url) || !config?.credentials || !config.region || !config.sha256) return {};
  const [credentials, region] = await Promise.all([config.credentials(), config.region()]);
  const signer = new SignatureV4({
    service: UPGRADE_SIGNING_SERVICE,
    region,
    credentials,
    sha256: config.sha256,
    // No X-Amz-Content-SHA256 header: the plugin sends none, and the empty body's hash is signed anyway.
    applyChecksum: false,
  });
  // The signer takes the query decoded and encodes it itself, so it gets exactly the pairs a
  // server decodes from the URL ws sends (pathname + search of this same URL object). A base64
  // cell-number's `%2B`, `%2F`, `%3D` decode to `+`, `/`, `=` and are encoded back the same way;
  // a literal `+` decodes to a space, as the plugin's Go signer (url.Query) and AWS read it.
  const query: Record<string, string | string[]> = {};
  for (const [key, value] of url.searchParams) {
    const seen = query[key];
    query[key] = seen === undefined ? value : [...(Array.isArray(seen) ? seen : [seen]), value];
  }
  const signed = await signer.sign(
    {
      method: 'GET',
      protocol: url.protocol,
      hostname: url.hostname,
      ...(url.port ? { port: Number(url.port) } : {}),
      path: url.pathname,
      query,
      // The Host header ws (Node's http) would send, set explicitly so what is signed is what is sent.
      headers: { host: url.host },
    },
    // The SDK's own clock-skew correction, learned from earlier SSM responses.
    { signingDate: new Date(Date.now() + (config.systemClockOffset ?? 0)) },
  );
  return { ...signed.headers };
}

/**
 * The service refused the credentials `ssm` signed with: asks its provider for fresh ones (the
 * SDK's `forceRefresh`), which the next call and signature then use. The daemon's provider renews
 * the session's access; a client built with fixed credentials just gets the same ones back.
 */
export async function refreshCredentials(ssm: SSMClient): Promise<void> {
  await ssm.config.credentials({ forceRefresh: true });
}
