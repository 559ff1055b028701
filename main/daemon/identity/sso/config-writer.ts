// Saves an sso-session's account and role as a named profile in the AWS config file, the way a
// person would add it: every other line (comments, blank lines, other sections, their order and
// line endings) stays byte for byte; a new section goes at the end. An existing profile of that
// name with other settings is refused unless `overwrite`, which then changes only its SSO keys.
import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { DaemonError } from '../../errors';
import { userConfigFile } from './aws-files';

export const configFilePath = userConfigFile;

export interface SsoProfileSettings {
  name: string;
  ssoSession: string;
  accountId: string;
  roleName: string;
  region?: string | undefined;
}

/** Keys that would contradict sso_session (another credential source, or the legacy SSO form). */
const CONFLICTING = new Set(['sso_start_url', 'sso_region', 'role_arn', 'source_profile', 'credential_source', 'credential_process', 'web_identity_token_file', 'aws_access_key_id', 'aws_secret_access_key', 'aws_session_token']);

const escapeRe = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const KEY_LINE = /^([ \t]*)([A-Za-z0-9_.-]+)([ \t]*=[ \t]*)(.*?)([ \t]*)$/;

export function withSsoProfile(text: string, p: SsoProfileSettings, overwrite: boolean): { text: string; created: boolean; changed: boolean } {
  const eol = /\r\n/.test(text) ? '\r\n' : '\n';
  const lines = text.length ? text.split(/\r?\n/) : [];
  const trailingNewline = text.length > 0 && lines[lines.length - 1] === '';
  if (trailingNewline) lines.pop();
  const wanted: [string, string][] = [
    ['sso_session', p.ssoSession],
    ['sso_account_id', p.accountId],
    ['sso_role_name', p.roleName],
    ...(p.region ? ([['region', p.region]] as [string, string][]) : []),
  ];
  const names = p.name === 'default' ? ['default', 'profile default'] : [`profile ${p.name}`];
  const header = new RegExp(`^[ \\t]*\\[[ \\t]*(${names.map((n) => escapeRe(n).replace(' ', '[ \\t]+')).join('|')})[ \\t]*\\][ \\t]*([#;].*)?$`);
  const start = lines.findIndex((l) => header.test(l));
  if (start === -1) {
    const section = [`[${p.name === 'default' ? 'default' : `profile ${p.name}`}]`, ...wanted.map(([k, v]) => `${k} = ${v}`)];
    const before = lines.length && lines[lines.length - 1]?.trim() !== '' ? [...lines, ''] : lines;
    return { text: [...before, ...section].join(eol) + eol, created: true, changed: true };
  }
  let end = lines.findIndex((l, i) => i > start && /^[ \t]*\[/.test(l));
  if (end === -1) end = lines.length;
  const body = lines.slice(start + 1, end);
  const current = new Map<string, string>();
  for (const line of body) {
    const m = KEY_LINE.exec(line);
    if (m?.[2]) current.set(m[2].toLowerCase(), m[4] ?? '');
  }
  const same = wanted.every(([k, v]) => current.get(k) === v) && ![...current.keys()].some((k) => CONFLICTING.has(k));
  if (same) return { text, created: false, changed: false };
  if (!overwrite) {
    throw new DaemonError('InvalidInput', `The AWS config file already has a profile named ${p.name} with other settings.`, 'Pick another name, or save again with overwrite to replace its SSO settings.');
  }
  const next: string[] = [];
  const written = new Set<string>();
  for (const line of body) {
    const m = KEY_LINE.exec(line);
    const key = m?.[2]?.toLowerCase();
    if (key && CONFLICTING.has(key)) continue;
    const value = key ? wanted.find(([k]) => k === key)?.[1] : undefined;
    if (m && key && value !== undefined) {
      next.push(`${m[1]}${m[2]}${m[3]}${value}`);
      written.add(key);
    } else next.push(line);
  }
  // New keys go after the section's last non-blank line, so the blank line before the next section stays.
  let insertAt = next.length;
  while (insertAt > 0 && next[insertAt - 1]?.trim() === '') insertAt--;
  next.splice(insertAt, 0, ...wanted.filter(([k]) => !written.has(k)).map(([k, v]) => `${k} = ${v}`));
  const out = [...lines.slice(0, start + 1), ...next, ...lines.slice(end)];
  return { text: out.join(eol) + (trailingNewline || out.length ? eol : ''), created: false, changed: true };
}

/** Reads, edits and replaces the config file in one rename (its mode kept; a new one is 0600). */
export async function saveSsoProfile(p: SsoProfileSettings, overwrite: boolean, path = configFilePath()): Promise<{ configFile: string; created: boolean }> {
  let text = '';
  let mode = 0o600;
  try {
    text = await readFile(path, 'utf8');
    mode = (await stat(path)).mode & 0o777;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw new DaemonError('InvalidInput', `Could not read the AWS config file ${path}: ${(err as Error).message}`);
  }
  const edited = withSsoProfile(text, p, overwrite);
  if (!edited.changed) return { configFile: path, created: false };
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  const tmp = `${path}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    await writeFile(tmp, edited.text, { mode });
    await chmod(tmp, mode);
    await rename(tmp, path);
  } catch (err) {
    await rm(tmp, { force: true });
    throw new DaemonError('InvalidInput', `Could not write the AWS config file ${path}: ${(err as Error).message}`);
  }
  return { configFile: path, created: edited.created };
}
