import type { ConnectApi, MethodOutput, SignInStatus } from '../../../preload/contract';
import type { SignInPick } from '../hooks/useSignIns';
import type { LinkState } from '../api/ws-api';
import type { Theme } from '../hooks/useTheme';
import { IdentityPicker } from './IdentityPicker';
import { SignInList } from './SignInList';

type Status = MethodOutput<'getStatus'>;

const IS_MAC = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);
/** The search box's shortcut as this platform spells it. */
export const FIND_SHORTCUT = IS_MAC ? '⌘K' : 'Ctrl+K';

/** Brand, the Sandbox label, who and where (profile and Region), the link to the daemon, the theme. */
export function TopBar({
  api,
  status,
  link,
  theme,
  onToggleTheme,
  onIdentityChanged,
  onFind,
  signIns,
  onSignIn,
  onAccounts,
}: {
  api: ConnectApi;
  status: Status | null;
  link: LinkState;
  theme: Theme;
  onToggleTheme: () => void;
  onIdentityChanged: (identity: { profile: string | null; region: string }) => void;
  onFind: () => void;
  /** IAM Identity Center sign-ins (ssoStatus). */
  signIns: SignInStatus[];
  onSignIn: (pick: SignInPick) => void;
  onAccounts: (ssoSession: string) => void;
}) {
  const disconnected = link !== 'open';
  return (
    <header className="topbar">
      <div className="brand">
        <span className="logo" aria-hidden="true" />
        <span className="brand-name" title={status ? `GameLift Connect ${status.version}${status.logFile ? ` · log: ${status.logFile}` : ''}` : undefined}>
          GameLift Connect
        </span>
        {status?.sandbox ? (
          <span className="sandbox-label" title="Connected to the local AWS emulator, not your AWS account">
            Sandbox
          </span>
        ) : null}
      </div>
      {status && !status.sandbox ? (
        <IdentityPicker
          api={api}
          profile={status.profile}
          region={status.region}
          ssoRole={status.ssoRole ?? null}
          signIns={signIns}
          onSignIn={onSignIn}
          disabled={disconnected}
          onChanged={onIdentityChanged}
        />
      ) : status ? (
        <div className="identity dim">
          {status.ssoRole ? `${status.ssoRole.ssoSession}: ${status.ssoRole.accountId} / ${status.ssoRole.roleName}` : 'Emulated account'} · {status.region}
        </div>
      ) : null}
      <SignInList statuses={signIns} onSignIn={onSignIn} onAccounts={onAccounts} />
      <button type="button" className="find-button" onClick={onFind} title={`Find a game session, player, address, fleet or compute (${FIND_SHORTCUT})`}>
        <span aria-hidden="true">⌕</span> Find… <kbd>{FIND_SHORTCUT}</kbd>
      </button>
      <span className="spacer" />
      {disconnected ? (
        <span className={`link-state${link === 'unauthorized' ? ' bad' : ''}`} role="status">
          {link === 'unauthorized' ? (
            <>
              The daemon at <code>{location.origin}</code> was restarted with a new access token: open the new link it printed (run{' '}
              <code>gamelift-connect web</code> again to see it).
            </>
          ) : link === 'lost' ? (
            'Reconnecting to the daemon…'
          ) : (
            'Connecting…'
          )}
        </span>
      ) : null}
      <button type="button" className="ghost theme-toggle" onClick={onToggleTheme} aria-label={`Switch to ${theme === 'dark' ? 'light' : 'dark'} theme`}>
        {theme === 'dark' ? '☀ Light' : '☾ Dark'}
      </button>
    </header>
  );
}
