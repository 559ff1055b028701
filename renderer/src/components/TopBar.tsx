import type { ConnectApi, MethodOutput } from '../../../preload/contract';
import type { LinkState } from '../api/ws-api';
import type { Theme } from '../hooks/useTheme';
import { IdentityPicker } from './IdentityPicker';

type Status = MethodOutput<'getStatus'>;

/** Brand, the Sandbox label, who and where (profile and Region), the link to the daemon, the theme. */
export function TopBar({
  api,
  status,
  link,
  theme,
  onToggleTheme,
  onIdentityChanged,
}: {
  api: ConnectApi;
  status: Status | null;
  link: LinkState;
  theme: Theme;
  onToggleTheme: () => void;
  onIdentityChanged: (identity: { profile: string | null; region: string }) => void;
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
        <IdentityPicker api={api} profile={status.profile} region={status.region} disabled={disconnected} onChanged={onIdentityChanged} />
      ) : status ? (
        <div className="identity dim">Emulated account · {status.region}</div>
      ) : null}
      <span className="spacer" />
      {disconnected ? (
        <span className="link-state" role="status">
          {link === 'lost' ? 'Reconnecting to the daemon…' : 'Connecting…'}
        </span>
      ) : null}
      <button type="button" className="ghost theme-toggle" onClick={onToggleTheme} aria-label={`Switch to ${theme === 'dark' ? 'light' : 'dark'} theme`}>
        {theme === 'dark' ? '☀ Light' : '☾ Dark'}
      </button>
    </header>
  );
}
