// Which StreamUrls the client connects to. StartSession and ResumeSession hand the client a URL and
// it will send its token (and a signature made with the session's credentials) there, so a URL on
// an unexpected host is refused, as AWS's plugin does since 1.2.889.0
// (docs/reference/ssm-data-channel.md §17): the SSM messages host of the session's partition, or
// the host of an SSM endpoint the user configured explicitly (a VPC endpoint, a proxy, the emulator).
import type { SSMClient } from '@aws-sdk/client-ssm';

/** A StreamUrl the client will not connect to; the session cannot go on with it. */
export class StreamUrlRejected extends Error {}

/** `ssmmessages[-fips].<region>.<dns suffix>`: the only AWS hosts a data channel lives on (FIPS endpoints where the user asked for them). */
const AWS_STREAM_HOST = /^ssmmessages(?:-fips)?\.([a-z0-9-]+)\.(amazonaws\.com(?:\.cn)?)$/;

/** The DNS suffix of a Region's partition (the partitions GameLift and Session Manager share). */
function partitionSuffix(region: string): string {
  return region.startsWith('cn-') ? 'amazonaws.com.cn' : 'amazonaws.com';
}

/** Scheme and host only: a StreamUrl's query may be presigned (a signature, a session token). */
export function describeStreamUrl(url: URL): string {
  return `${url.protocol}//${url.host}`;
}

/** The SSM endpoints the client was explicitly told to use: `endpoint`, or AWS_ENDPOINT_URL_SSM / the config file's. */
async function configuredEndpoints(ssm: SSMClient): Promise<{ protocol: string; host: string }[]> {
  const found: { protocol: string; host: string }[] = [];
  const config = ssm.config as SSMClient['config'] & { serviceConfiguredEndpoint?: () => Promise<string | undefined> };
  if (config.isCustomEndpoint && config.endpoint) {
    const e = await config.endpoint();
    found.push({ protocol: e.protocol, host: bareHost(e.hostname) });
  }
  if (typeof config.serviceConfiguredEndpoint === 'function') {
    const configured = await config.serviceConfiguredEndpoint().catch(() => undefined);
    if (configured && URL.canParse(configured)) {
      const url = new URL(configured);
      found.push({ protocol: url.protocol, host: bareHost(url.hostname) });
    }
  }
  return found;
}

/** Lower case, IPv6 brackets removed: the same host however it was written. */
const bareHost = (host: string) => host.replace(/^\[(.*)\]$/, '$1').toLowerCase();

/**
 * Parses and checks a StreamUrl against the session's Region (the SSM client's) and the endpoints
 * the user configured. Resolves with the URL to connect to; rejects with StreamUrlRejected, whose
 * message names only the scheme and host.
 */
export async function checkStreamUrl(streamUrl: string, ssm: SSMClient): Promise<URL> {
  let url: URL;
  try {
    url = new URL(streamUrl);
  } catch {
    throw new StreamUrlRejected('the service returned a StreamUrl that is not a URL');
  }
  const where = describeStreamUrl(url);
  if (url.protocol !== 'wss:' && url.protocol !== 'ws:') throw new StreamUrlRejected(`the StreamUrl ${where} is not a WebSocket URL`);
  if (url.username || url.password) throw new StreamUrlRejected(`the StreamUrl ${where} carries a user name or password`);

  const aws = AWS_STREAM_HOST.exec(url.hostname);
  if (aws) {
    const region = await ssm.config.region();
    const [, hostRegion, suffix] = aws as unknown as [string, string, string];
    if (suffix !== partitionSuffix(region) || partitionSuffix(hostRegion) !== suffix) {
      throw new StreamUrlRejected(`the StreamUrl ${where} is outside the partition of the session's Region ${region}`);
    }
    if (url.protocol !== 'wss:' || (url.port !== '' && url.port !== '443')) {
      throw new StreamUrlRejected(`the StreamUrl ${where} is not TLS on port 443`);
    }
    return url;
  }
  for (const endpoint of await configuredEndpoints(ssm)) {
    // Only the host must match: the data channel has its own port (the emulator's does, and a
    // proxy's may). Plain ws:// only when the configured endpoint is plain http:// itself.
    if (endpoint.host !== bareHost(url.hostname)) continue;
    if (url.protocol === 'ws:' && endpoint.protocol !== 'http:') continue;
    return url;
  }
  throw new StreamUrlRejected(`the StreamUrl ${where} is not an AWS Session Manager endpoint (ssmmessages.<region>.amazonaws.com) nor the host of the configured SSM endpoint`);
}
