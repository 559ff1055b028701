// The AWS profiles a user has, read from the shared config and credentials files (honouring
// AWS_CONFIG_FILE / AWS_SHARED_CREDENTIALS_FILE) the same way the SDK's own providers read them.
// Only names and non-secret settings are returned; the SDK resolves credentials when a call needs them.
import { CONFIG_PREFIX_SEPARATOR, loadSharedConfigFiles } from '@smithy/shared-ini-file-loader';

export interface ProfileInfo {
  name: string;
  region?: string;
  sso: boolean;
}

export async function listProfiles(): Promise<ProfileInfo[]> {
  const { configFile, credentialsFile } = await loadSharedConfigFiles({ ignoreCache: true });
  const byName = new Map<string, ProfileInfo>();
  for (const name of Object.keys(credentialsFile)) byName.set(name, { name, sso: false });
  for (const [name, settings] of Object.entries(configFile)) {
    // [sso-session x] and [services x] sections come back as "sso-session.x": they are not profiles.
    if (/^(sso-session|services)$/.test(name.split(CONFIG_PREFIX_SEPARATOR)[0] ?? '') && name.includes(CONFIG_PREFIX_SEPARATOR)) continue;
    const region = settings.region;
    const sso = Boolean(settings.sso_session || settings.sso_start_url);
    byName.set(name, { name, sso, ...(region ? { region } : {}) });
  }
  return [...byName.values()].sort((a, b) => a.name.localeCompare(b.name));
}
