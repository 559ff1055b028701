// Which IAM Identity Center sign-ins the AWS config names, read as the SDK and the AWS CLI read it:
// [sso-session NAME] sections (sso_start_url, sso_region, sso_registration_scopes) and the
// profiles that use them (sso_session), plus legacy profiles that carry sso_start_url and
// sso_region themselves. A sign-in is keyed like the token cache: the session name, else the URL.
import { CONFIG_PREFIX_SEPARATOR, loadSharedConfigFiles } from '@smithy/shared-ini-file-loader';
import type { SignInRef } from '../../../../preload/contract';
import { DaemonError } from '../../errors';

export interface SsoSource {
  ssoSession: string | null;
  startUrl: string;
  ssoRegion: string;
  /** sso_registration_scopes, comma-separated in the file; null when absent (botocore's None). */
  scopes: string[] | null;
  profiles: string[];
}

/** A profile's SSO settings, when it has any. */
export interface SsoProfile {
  name: string;
  source: SsoSource;
  accountId?: string;
  roleName?: string;
}

export const sourceKey = (source: { ssoSession: string | null; startUrl: string }): string =>
  source.ssoSession !== null ? `session:${source.ssoSession}` : `url:${source.startUrl}`;

export const refOf = (source: SsoSource, extra: { accountId?: string; roleName?: string } = {}): SignInRef => ({
  ssoSession: source.ssoSession,
  startUrl: source.startUrl,
  ssoRegion: source.ssoRegion,
  profiles: source.profiles,
  ...(extra.accountId ? { accountId: extra.accountId } : {}),
  ...(extra.roleName ? { roleName: extra.roleName } : {}),
});

/** awscli's parse_sso_registration_scopes. */
const parseScopes = (raw: string | undefined): string[] | null =>
  raw === undefined ? null : raw.split(',').map((s) => s.trim()).filter(Boolean);

export interface SsoConfig {
  sources: SsoSource[];
  profiles: Map<string, SsoProfile>;
}

/** The user's config file (AWS_CONFIG_FILE or ~/.aws/config), or the one given (the sandbox's). */
export async function readSsoConfig(configFilepath?: string): Promise<SsoConfig> {
  const { configFile } = await loadSharedConfigFiles({ ignoreCache: true, ...(configFilepath ? { configFilepath } : {}) });
  const sessions = new Map<string, SsoSource>();
  const legacy = new Map<string, SsoSource>();
  const profiles = new Map<string, SsoProfile>();
  const sectionPrefix = `sso-session${CONFIG_PREFIX_SEPARATOR}`;
  for (const [name, settings] of Object.entries(configFile)) {
    if (!name.startsWith(sectionPrefix)) continue;
    const session = name.slice(sectionPrefix.length);
    if (!settings.sso_start_url || !settings.sso_region) continue; // the AWS CLI refuses these too
    sessions.set(session, { ssoSession: session, startUrl: settings.sso_start_url, ssoRegion: settings.sso_region, scopes: parseScopes(settings.sso_registration_scopes), profiles: [] });
  }
  for (const [name, settings] of Object.entries(configFile)) {
    if (name.includes(CONFIG_PREFIX_SEPARATOR)) continue; // sso-session and services sections
    let source: SsoSource | undefined;
    if (settings.sso_session) source = sessions.get(settings.sso_session);
    else if (settings.sso_start_url && settings.sso_region) {
      source = legacy.get(settings.sso_start_url);
      if (!source) legacy.set(settings.sso_start_url, (source = { ssoSession: null, startUrl: settings.sso_start_url, ssoRegion: settings.sso_region, scopes: null, profiles: [] }));
    }
    if (!source) continue;
    source.profiles.push(name);
    profiles.set(name, { name, source, ...(settings.sso_account_id ? { accountId: settings.sso_account_id } : {}), ...(settings.sso_role_name ? { roleName: settings.sso_role_name } : {}) });
  }
  const sources = [...sessions.values(), ...legacy.values()];
  for (const source of sources) source.profiles.sort();
  return { sources, profiles };
}

/** The sign-in a profile or sso-session names; the current profile when neither is given. */
export async function resolveSource(pick: { profile?: string | undefined; ssoSession?: string | undefined }, currentProfile: string | null, configFilepath?: string): Promise<SsoSource> {
  const config = await readSsoConfig(configFilepath);
  if (pick.ssoSession) {
    const source = config.sources.find((s) => s.ssoSession === pick.ssoSession);
    if (!source) throw new DaemonError('NotFound', `There is no sso-session named ${pick.ssoSession} with sso_start_url and sso_region in the AWS config file.`, 'Add it with: aws configure sso-session');
    return source;
  }
  const profile = pick.profile ?? currentProfile ?? process.env.AWS_PROFILE ?? 'default';
  const found = config.profiles.get(profile);
  if (!found) {
    throw new DaemonError('InvalidInput', `Profile ${profile} does not sign in through IAM Identity Center (no sso_session, or no sso_start_url and sso_region).`, 'Pick an SSO profile or an sso-session, or set one up with: aws configure sso');
  }
  return found.source;
}
