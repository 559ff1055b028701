// The AWS CLI's IAM Identity Center token cache, read and written exactly as botocore does, so the
// AWS CLI, the SDKs and this app share one sign-in: ~/.aws/sso/cache/<sha1 hex of the sso-session
// name (or, for a legacy profile, of its start URL)>.json holding startUrl, region, accessToken,
// expiresAt and, for refresh, clientId, clientSecret, registrationExpiresAt and refreshToken.
// Client registrations are cached beside them under botocore's key. Times are UTC ISO with a 'Z'.
// Files are 0600 in a 0700 directory, written to a temporary name and renamed over the old one.
import { createHash, randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { userSsoCacheDir } from './aws-files';

export interface CachedToken {
  startUrl: string;
  region: string;
  accessToken: string;
  /** Epoch ms (the file holds an ISO time). */
  expiresAt: number;
  clientId?: string;
  clientSecret?: string;
  registrationExpiresAt?: number;
  refreshToken?: string;
}

export interface CachedRegistration {
  clientId: string;
  clientSecret: string;
  expiresAt: number;
  scopes?: string[];
  /** Present for authorization-code registrations (botocore treats a registration without it as a device one). */
  grantTypes?: string[];
}

/** The user's cache (aws-files.ts); every function below takes another directory as its last argument (the sandbox's). */
export const ssoCacheDir = userSsoCacheDir;

const sha1 = (text: string): string => createHash('sha1').update(text, 'utf8').digest('hex');

/** botocore's _token_cache_key / the SDK's getSSOTokenFilepath: the sso-session name, else the start URL. */
export const tokenCacheKey = (ref: { ssoSession: string | null; startUrl: string }): string => sha1(ref.ssoSession ?? ref.startUrl);

/** botocore's _registration_cache_key: sha1 of json.dumps(args, sort_keys=True) (Python's separators). */
export function registrationCacheKey(args: { startUrl: string; region: string; scopes: string[] | null; sessionName: string | null }): string {
  const fields: [string, unknown][] = [
    ['region', args.region],
    ['scopes', args.scopes],
    ['session_name', args.sessionName],
    ['startUrl', args.startUrl],
    ['tool', 'botocore'],
  ];
  // json.dumps's default separators are ', ' and ': ', and it escapes non-ASCII as \uXXXX.
  const py = (value: unknown): string =>
    Array.isArray(value) ? `[${value.map(py).join(', ')}]` : JSON.stringify(value).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return sha1(`{${fields.map(([k, v]) => `${JSON.stringify(k)}: ${py(v)}`).join(', ')}}`);
}

/** The AWS CLI's timestamp shape: 2026-12-02T11:00:00Z (whole seconds, UTC). */
export const isoUtc = (ms: number): string => new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');

function parseTime(value: unknown): number | undefined {
  if (typeof value !== 'string' && typeof value !== 'number') return undefined;
  const ms = typeof value === 'number' ? value * 1000 : Date.parse(value.replace(/UTC$/, 'Z'));
  return Number.isFinite(ms) ? ms : undefined;
}

const str = (value: unknown): string | undefined => (typeof value === 'string' && value.length > 0 ? value : undefined);

async function readJson(path: string): Promise<Record<string, unknown> | undefined> {
  try {
    const parsed: unknown = JSON.parse(await readFile(path, 'utf8'));
    return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    return undefined; // missing or unreadable: as if there were none, as botocore and the SDK treat it
  }
}

async function writeCacheFile(key: string, body: Record<string, unknown>, dir: string): Promise<void> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const path = join(dir, `${key}.json`);
  const tmp = `${path}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    await writeFile(tmp, JSON.stringify(body), { mode: 0o600 });
    await chmod(tmp, 0o600);
    await rename(tmp, path);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
}

export async function readToken(ref: { ssoSession: string | null; startUrl: string }, dir = ssoCacheDir()): Promise<CachedToken | undefined> {
  const raw = await readJson(join(dir, `${tokenCacheKey(ref)}.json`));
  const accessToken = str(raw?.accessToken);
  const expiresAt = parseTime(raw?.expiresAt);
  if (!raw || !accessToken || expiresAt === undefined) return undefined;
  const clientId = str(raw.clientId);
  const clientSecret = str(raw.clientSecret);
  const refreshToken = str(raw.refreshToken);
  const registrationExpiresAt = parseTime(raw.registrationExpiresAt);
  return {
    startUrl: str(raw.startUrl) ?? ref.startUrl,
    region: str(raw.region) ?? '',
    accessToken,
    expiresAt,
    ...(clientId ? { clientId } : {}),
    ...(clientSecret ? { clientSecret } : {}),
    ...(registrationExpiresAt !== undefined ? { registrationExpiresAt } : {}),
    ...(refreshToken ? { refreshToken } : {}),
  };
}

export async function writeToken(ref: { ssoSession: string | null; startUrl: string }, token: CachedToken, dir = ssoCacheDir()): Promise<void> {
  await writeCacheFile(tokenCacheKey(ref), {
    startUrl: token.startUrl,
    region: token.region,
    accessToken: token.accessToken,
    expiresAt: isoUtc(token.expiresAt),
    ...(token.clientId ? { clientId: token.clientId } : {}),
    ...(token.clientSecret ? { clientSecret: token.clientSecret } : {}),
    ...(token.registrationExpiresAt !== undefined ? { registrationExpiresAt: isoUtc(token.registrationExpiresAt) } : {}),
    ...(token.refreshToken ? { refreshToken: token.refreshToken } : {}),
  }, dir);
}

export async function readRegistration(key: string, dir = ssoCacheDir()): Promise<CachedRegistration | undefined> {
  const raw = await readJson(join(dir, `${key}.json`));
  const clientId = str(raw?.clientId);
  const clientSecret = str(raw?.clientSecret);
  const expiresAt = parseTime(raw?.expiresAt);
  if (!raw || !clientId || !clientSecret || expiresAt === undefined) return undefined;
  const list = (value: unknown): string[] | undefined => (Array.isArray(value) && value.every((v) => typeof v === 'string') ? (value as string[]) : undefined);
  const scopes = list(raw.scopes);
  const grantTypes = list(raw.grantTypes);
  return { clientId, clientSecret, expiresAt, ...(scopes ? { scopes } : {}), ...(grantTypes ? { grantTypes } : {}) };
}

/** Drops a registration IAM Identity Center no longer accepts, so the next sign-in registers anew. */
export async function forgetRegistration(key: string, dir = ssoCacheDir()): Promise<void> {
  await rm(join(dir, `${key}.json`), { force: true });
}

export async function writeRegistration(key: string, registration: CachedRegistration, dir = ssoCacheDir()): Promise<void> {
  await writeCacheFile(key, {
    clientId: registration.clientId,
    clientSecret: registration.clientSecret,
    expiresAt: isoUtc(registration.expiresAt),
    ...(registration.scopes ? { scopes: registration.scopes } : {}),
    ...(registration.grantTypes ? { grantTypes: registration.grantTypes } : {}),
  }, dir);
}
