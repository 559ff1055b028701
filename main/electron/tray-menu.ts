// What the tray menu shows, as plain data: "Sign-in needed: …" for each IAM Identity Center
// sign-in calls wait for (a click starts it in the window), live sessions with their countdowns
// (each with open / renew / end), "Find…", "Recent connections" (each reopening its target), "Open
// window" and "Quit". tray.ts turns it into an Electron Menu; kept free of Electron so it is tested as a plain
// function.
import type { RecentTarget, Session, SignInRef, WindowCommand } from '../../preload/contract';

/** How many recent targets the tray lists. */
export const TRAY_RECENT = 5;

export type TrayAction =
  | { type: 'open-session'; sessionId: string }
  | { type: 'find' }
  /** Reopen a recent target: the window opens it (a shell needs its terminal view). */
  | { type: 'open-target'; command: WindowCommand<'openTarget'> }
  /** Start an IAM Identity Center sign-in: the window shows its dialog. */
  | { type: 'sign-in'; command: WindowCommand<'openSignIn'> }
  | { type: 'renew'; sessionId: string }
  | { type: 'end'; sessionId: string }
  | { type: 'show-window' }
  | { type: 'quit' };

export type TrayItem = { kind: 'separator' } | { kind: 'item'; label: string; enabled: boolean; action?: TrayAction; submenu?: TrayItem[] };

export function countdown(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

export function sessionLabel(session: Session, now: number): string {
  const what =
    session.kind === 'shell'
      ? `Shell · ${session.target.computeName}`
      : session.kind === 'rdp'
        ? `RDP · ${session.target.computeName}${session.localPort ? ` (:${session.localPort})` : ''}`
        : `Forward :${session.localPort ?? '?'} → ${session.remotePort ?? '?'} · ${session.target.computeName}`;
  const when =
    session.state === 'renewing' || session.state === 'reconnecting' || session.state === 'starting'
      ? session.state
      : session.expiresAt !== undefined
        ? `${countdown(session.expiresAt - now)} left`
        : 'active';
  return `${what} — ${when}`;
}

/** A long name cut in the middle, so its distinguishing end shows. */
function middleCut(text: string, max = 40): string {
  if (text.length <= max) return text;
  const half = Math.floor((max - 1) / 2);
  return `${text.slice(0, half)}…${text.slice(-half)}`;
}

export function recentLabel(target: RecentTarget): string {
  const what = target.kind === 'shell' ? `Shell${target.shellIn === 'host' ? ' (host)' : ''}` : target.kind === 'rdp' ? 'RDP' : `Forward → ${target.remotePort ?? '?'}`;
  return `${what} · ${middleCut(target.computeName)} · ${target.location}`;
}

/** What reopening a recent target asks of the window. */
export function reopenCommand(target: RecentTarget): WindowCommand<'openTarget'> {
  return {
    fleetId: target.fleetId,
    computeName: target.computeName,
    location: target.location,
    action: target.kind,
    ...(target.kind === 'forward' && target.remotePort ? { remotePort: target.remotePort } : {}),
    ...(target.kind === 'shell' && target.shellIn ? { shellIn: target.shellIn } : {}),
  };
}

/** A sign-in calls wait for (sign-in-mirror.ts): the ref the latest waiting call gave, and how many wait. */
export interface WaitingSignIn {
  ref: SignInRef;
  waiting: number;
}

/** "studio (account 123456789012 / role GameLiftAdmin)": the sso-session (else the start URL) and the account asked for. */
export function signInWho(ref: SignInRef): string {
  const parts = [ref.accountId ? `account ${ref.accountId}` : null, ref.roleName ? `role ${ref.roleName}` : null].filter(Boolean);
  const name = ref.ssoSession ?? ref.startUrl;
  return parts.length ? `${name} (${parts.join(' / ')})` : name;
}

/** What the window is asked to sign in to: the sso-session by name, else (legacy) one of its profiles. */
export function signInCommand(ref: SignInRef): WindowCommand<'openSignIn'> | null {
  if (ref.ssoSession !== null) return { ssoSession: ref.ssoSession };
  return ref.profiles[0] ? { profile: ref.profiles[0] } : null;
}

function signInItems(signIns: readonly WaitingSignIn[]): TrayItem[] {
  return signIns.flatMap(({ ref, waiting }): TrayItem[] => {
    const command = signInCommand(ref);
    const label = `Sign-in needed: ${middleCut(signInWho(ref), 60)} — ${waiting} waiting`;
    return [command ? { kind: 'item', label, enabled: true, action: { type: 'sign-in', command } } : { kind: 'item', label, enabled: false }];
  });
}

export function trayMenuModel(sessions: readonly Session[], now: number, recent: readonly RecentTarget[] = [], signIns: readonly WaitingSignIn[] = []): TrayItem[] {
  const live = sessions.filter((s) => s.state !== 'ended').sort((a, b) => a.startedAt - b.startedAt);
  const items: TrayItem[] = signIns.length ? [...signInItems(signIns), { kind: 'separator' }] : [];
  if (live.length === 0) items.push({ kind: 'item', label: 'No open sessions', enabled: false });
  for (const session of live) {
    items.push({
      kind: 'item',
      label: sessionLabel(session, now),
      enabled: true,
      submenu: [
        { kind: 'item', label: session.kind === 'shell' ? 'Open terminal' : 'Show in window', enabled: true, action: { type: 'open-session', sessionId: session.id } },
        { kind: 'item', label: 'Renew credentials', enabled: session.state === 'active', action: { type: 'renew', sessionId: session.id } },
        { kind: 'item', label: 'End session', enabled: true, action: { type: 'end', sessionId: session.id } },
      ],
    });
  }
  items.push({ kind: 'separator' }, { kind: 'item', label: 'Find…', enabled: true, action: { type: 'find' } });
  const reopen = recent.slice(0, TRAY_RECENT).map((target): TrayItem => ({ kind: 'item', label: recentLabel(target), enabled: true, action: { type: 'open-target', command: reopenCommand(target) } }));
  items.push(
    reopen.length > 0
      ? { kind: 'item', label: 'Recent connections', enabled: true, submenu: reopen }
      : { kind: 'item', label: 'Recent connections', enabled: false },
  );
  items.push({ kind: 'item', label: 'Open window', enabled: true, action: { type: 'show-window' } });
  items.push({ kind: 'separator' }, { kind: 'item', label: 'Quit GameLift Connect', enabled: true, action: { type: 'quit' } });
  return items;
}

/** The tray tooltip: a sign-in needed first, then the soonest expiry, so hovering tells what matters. */
export function trayTooltip(sessions: readonly Session[], now: number, signIns: readonly WaitingSignIn[] = []): string {
  const live = sessions.filter((s) => s.state !== 'ended');
  const needed = signIns.length ? ` · sign-in needed: ${signIns.map((s) => signInWho(s.ref)).join(', ')}` : '';
  if (live.length === 0) return `GameLift Connect${needed}`;
  const soonest = Math.min(...live.map((s) => s.expiresAt ?? Infinity));
  const suffix = Number.isFinite(soonest) ? ` · next expiry in ${countdown(soonest - now)}` : '';
  return `GameLift Connect — ${live.length} open session${live.length === 1 ? '' : 's'}${suffix}${needed}`;
}
