// The emulated service's front door for data-channel upgrades (docs/reference/ssm-data-channel.md
// §17): which StreamUrl is current for a session (its `cell-number`), and whether an upgrade's SigV4
// signature holds. AWS moves a session to another cell when it recycles a connection and refuses
// the old URL; AWS's plugin signs the upgrade since 1.2.764.0. Both are knobs here (StreamPolicy),
// so a client can be tested against the service as it is today.
import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { AwsError, accessDenied } from '../core/aws-error';
import { checkScope, parseAuthorization, verifySignature } from '../auth/sigv4';
import type { CredentialStore } from '../auth/credential-store';
import type { UpgradeGate, UpgradeVerdict } from '../agent/stream-server';
import type { SessionRecord, SessionRegistry } from './sessions';

export const CELL_PARAMETER = 'cell-number';
/** The signing name of the data-channel endpoint (host `ssmmessages`), not the SSM API's `ssm`. */
export const UPGRADE_SIGNING_SERVICE = 'ssmmessages';

export interface StreamPolicy {
  /** ResumeSession issues a new StreamUrl (a new cell-number); upgrades to older ones are refused. */
  moveStreamOnResume: boolean;
  /** Upgrades without a SigV4 signature are refused (a present signature is always verified). */
  requireSignedUpgrade: boolean;
}

/**
 * A new cell number: base64 like AWS's, and always holding `+`, `/` and `=`, so a client that
 * mangles the query (decoding `%2B` wrongly, signing the raw string) is caught.
 */
export function newCell(): string {
  for (;;) {
    const cell = randomBytes(32).toString('base64'); // 44 characters, the last one '='
    if (cell.includes('+') && cell.includes('/')) return cell;
  }
}

/** The StreamUrl the agent issued, with the session's cell added (percent-encoded: `%2B`, `%2F`, `%3D`). */
export function withCell(streamUrl: string, cell: string): string {
  const url = new URL(streamUrl);
  url.searchParams.set(CELL_PARAMETER, cell);
  return url.href;
}

const OK: UpgradeVerdict = { ok: true };

/** Refusals carry the error code and a message with no secret in it (never the canonical request). */
function refuse(error: AwsError): UpgradeVerdict {
  return { ok: false, status: 403, code: error.code, message: error.message.split('\n')[0]! };
}

/** Verifies an upgrade's header signature; resolves to the signing access key. Throws AwsError. */
function verifyUpgrade(req: IncomingMessage, record: SessionRecord, credentials: CredentialStore): string {
  const signed = { method: req.method ?? 'GET', url: req.url ?? '/', headers: req.headers, body: Buffer.alloc(0) };
  const auth = parseAuthorization(signed);
  checkScope(auth, UPGRADE_SIGNING_SERVICE, (region) => region === record.region, Date.now());
  // Unknown, mismatched or expired credentials are refused here, as on the API endpoints.
  const { secretAccessKey, caller } = credentials.resolve(auth.accessKeyId, auth.sessionToken);
  verifySignature(signed, auth, secretAccessKey);
  if (caller.kind !== 'compute' || caller.grant.target !== record.target) {
    throw accessDenied(`User: ${caller.arn} is not authorized to open the data channel of session ${record.sessionId}`);
  }
  return auth.accessKeyId;
}

/** The gate the stream endpoint consults on every upgrade to a session the SSM API started. */
export function upgradeGate(sessions: SessionRegistry, credentials: CredentialStore, policy: () => StreamPolicy): UpgradeGate {
  return (sessionId, req) => {
    const record = sessions.get(sessionId);
    // A session hosted by the agent alone (the agent's own tests) has no service in front of it.
    if (!record) return OK;
    const cell = new URL(req.url ?? '/', 'ws://127.0.0.1').searchParams.get(CELL_PARAMETER);
    if (cell !== record.cell) {
      return refuse(new AwsError('AccessDeniedException', 'This stream URL does not serve the session any more; use the StreamUrl from the latest ResumeSession.'));
    }
    let signedBy: string | null = null;
    if (req.headers.authorization !== undefined) {
      try {
        signedBy = verifyUpgrade(req, record, credentials);
      } catch (error) {
        if (error instanceof AwsError) return refuse(error);
        throw error;
      }
    } else if (policy().requireSignedUpgrade) {
      return refuse(new AwsError('MissingAuthenticationTokenException', 'Missing Authentication Token'));
    }
    record.upgrades.push({ signedBy, cell });
    return OK;
  };
}
