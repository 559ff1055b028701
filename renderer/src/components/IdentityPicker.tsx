import { useEffect, useState } from 'react';
import type { ConnectApi, MethodOutput, SignInStatus } from '../../../preload/contract';
import type { SignInPick } from '../hooks/useSignIns';
import { useTask } from '../hooks/useTask';
import { offersSignIn, signInStateText } from '../sign-in';
import { ErrorNote } from './ErrorNote';

/** Home Regions where GameLift Servers runs fleets. */
const REGIONS = [
  'us-east-1', 'us-east-2', 'us-west-1', 'us-west-2', 'ca-central-1', 'sa-east-1',
  'eu-west-1', 'eu-west-2', 'eu-west-3', 'eu-central-1', 'eu-north-1', 'eu-south-1',
  'ap-northeast-1', 'ap-northeast-2', 'ap-south-1', 'ap-southeast-1', 'ap-southeast-2', 'ap-east-1',
  'af-south-1', 'me-south-1',
];

type Profile = MethodOutput<'listProfiles'>['profiles'][number];
const DEFAULT = '\u0000default';
/** The option for an sso-session's account and role in use (useSsoRole): not a profile. */
const SSO_ROLE = '\u0000sso-role';
type SsoRole = NonNullable<MethodOutput<'getStatus'>['ssoRole']>;

/** The sign-in an SSO profile goes through, if ssoStatus lists it. */
const signInOf = (statuses: SignInStatus[], profile: string | null) => (profile === null ? undefined : statuses.find((s) => s.profiles.includes(profile)));

/**
 * Profile and Region pickers; a change re-targets the daemon and reloads fleets. SSO profiles say
 * whether they are signed in (until when) or need a sign-in, and the current one offers "Sign in".
 */
export function IdentityPicker({
  api,
  profile,
  region,
  ssoRole,
  signIns,
  onSignIn,
  disabled,
  onChanged,
}: {
  api: ConnectApi;
  profile: string | null;
  region: string | null;
  ssoRole: SsoRole | null;
  signIns: SignInStatus[];
  onSignIn: (pick: SignInPick) => void;
  disabled: boolean;
  onChanged: (identity: { profile: string | null; region: string }) => void;
}) {
  const [profiles, setProfiles] = useState<Profile[]>([]);
  const load = useTask(() => api.listProfiles({}));
  const change = useTask((next: { profile: string | null; region: string }) => api.setIdentity(next));

  useEffect(() => {
    if (disabled) return;
    void load.run().then((result) => result && setProfiles(result.profiles));
  }, [api, disabled]); // eslint-disable-line react-hooks/exhaustive-deps

  const apply = async (nextProfile: string | null, nextRegion: string) => {
    const result = await change.run({ profile: nextProfile, region: nextRegion });
    if (result) onChanged(result);
  };

  const regions = region && !REGIONS.includes(region) ? [region, ...REGIONS] : REGIONS;
  const now = Date.now();
  const ssoState = (name: string) => {
    const status = signInOf(signIns, name);
    return status ? ` · ${signInStateText(status, now).toLowerCase()}` : '';
  };
  const current = ssoRole ? undefined : signInOf(signIns, profile);
  return (
    <div className="identity">
      <label className="field inline">
        <span>Profile</span>
        <select
          value={ssoRole ? SSO_ROLE : profile ?? DEFAULT}
          disabled={disabled || change.busy}
          onChange={(event) => {
            if (event.target.value === SSO_ROLE) return;
            const name = event.target.value === DEFAULT ? null : event.target.value;
            const picked = profiles.find((p) => p.name === name);
            void apply(name, picked?.region ?? region ?? 'us-east-1');
          }}
        >
          <option value={DEFAULT}>Default credentials</option>
          {ssoRole ? <option value={SSO_ROLE}>{`${ssoRole.ssoSession}: ${ssoRole.accountId} / ${ssoRole.roleName}`}</option> : null}
          {profile && !profiles.some((p) => p.name === profile) ? <option value={profile}>{profile}</option> : null}
          {profiles.map((p) => (
            <option key={p.name} value={p.name}>
              {p.name}
              {p.sso ? ` (SSO${ssoState(p.name)})` : ''}
            </option>
          ))}
        </select>
      </label>
      {current && offersSignIn(current, now) && profile ? (
        <button type="button" className="small primary" disabled={disabled} onClick={() => onSignIn({ profile })} title={`Sign in to ${current.ssoSession ?? current.startUrl}`}>
          Sign in
        </button>
      ) : null}
      <label className="field inline">
        <span>Region</span>
        <select value={region ?? ''} disabled={disabled || change.busy} onChange={(event) => void apply(profile, event.target.value)}>
          {region ? null : <option value="">Choose…</option>}
          {regions.map((r) => (
            <option key={r} value={r}>
              {r}
            </option>
          ))}
        </select>
      </label>
      {change.error || load.error ? (
        <div className="identity-error">
          <ErrorNote error={change.error ?? load.error} onDismiss={() => (change.clearError(), load.clearError())} />
        </div>
      ) : null}
    </div>
  );
}
