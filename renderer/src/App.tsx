import { lazy, Suspense, useEffect, useRef, useState } from 'react';
import type { ConnectApi, Fleet, FindMatch, MethodOutput, Session, Target } from '../../preload/contract';
import type { LinkState } from './api/ws-api';
import { ErrorNote } from './components/ErrorNote';
import { FleetList } from './components/FleetList';
import { ForwardDialog } from './components/ForwardDialog';
import { RdpShareDialog } from './components/RdpShareDialog';
import { SessionsPanel } from './components/SessionsPanel';
import { MiddleEllipsis } from './components/MiddleEllipsis';
import { ShellChooser } from './components/ShellChooser';
import { FindPalette, RecentList, type MatchAction } from './components/FindPalette';
import { FleetEvents, FleetHealth, FollowToggle, needsHealth } from './components/FleetEvents';
import { GameSessions } from './components/GameSessions';
import { FilesPanel } from './components/FilesPanel';
import { SignInBanner } from './components/SignInBanner';
import { SignInDialog } from './components/SignInDialog';
import { SsoAccountsDialog } from './components/SsoAccountsDialog';
import { SignInContext, useRetryAfterSignIn, useSignIns } from './hooks/useSignIns';
import { defaultAction, fleetTitle, sessionTitle } from './format';
import { useFindLink, useFindShortcut } from './hooks/useFindLink';
import type { Recent } from './recent';
import { useRecents } from './hooks/useRecents';
import { TargetList } from './components/TargetList';
import { Toasts } from './components/Toasts';
import { TopBar } from './components/TopBar';
import { useSessionActions } from './hooks/useSessionActions';
import { useSessionLink } from './hooks/useSessionLink';
import { useSessions } from './hooks/useSessions';
import { useTask } from './hooks/useTask';
import { useTheme } from './hooks/useTheme';
import { useToasts, type Toast } from './hooks/useToasts';
import { useTransfers } from './hooks/useTransfers';

// xterm.js is most of the bundle: load it with the first terminal, not with the app.
const TerminalView = lazy(() => import('./components/TerminalView').then((m) => ({ default: m.TerminalView })));

type Status = MethodOutput<'getStatus'>;

/** Somewhere to go and what to do there: from Find, a notification, a recent connection or the tray. */
export interface GoTo {
  fleetId: string;
  computeName?: string;
  location?: string;
  os?: Target['os'];
  action: 'show' | 'shell' | 'rdp' | 'forward' | 'forward-now';
  remotePort?: number;
  shellIn?: 'host' | 'container';
  background?: boolean;
}

/** What the Electron preload may offer for the tray's commands (contract windowCommands); absent in a browser tab. */
type WindowCommands = { onWindowCommand?: (name: string, listener: (command: unknown) => void) => () => void };

/** A terminal tab's full title: "fleet / compute (location)", and which shell of a container compute. */
const tabTitle = (s: Session, fleetName: string) => `${sessionTitle(s, fleetName)}${s.target.shellIn === 'container' ? ' (container)' : ''}`;

/**
 * The window: fleets on the left, a fleet's computes and the open terminals in the middle, the
 * sessions on the right. State that spans views lives here; each view owns its own details.
 */
export function App({ api, onLinkState }: { api: ConnectApi; onLinkState: ((listener: (state: LinkState) => void) => () => void) | null }) {
  const [theme, toggleTheme] = useTheme();
  const [status, setStatus] = useState<Status | null>(null);
  const [link, setLink] = useState<LinkState>('open');
  const [reloadKey, setReloadKey] = useState(0);
  const [fleets, setFleets] = useState<Fleet[]>([]);
  const [fleet, setFleet] = useState<Fleet | null>(null);
  const [location, setLocation] = useState<string | null>(null);
  const [targets, setTargets] = useState<Target[]>([]);
  const [tab, setTab] = useState<string>('computes');
  const [terminals, setTerminals] = useState<string[]>([]);
  const [forwardTo, setForwardTo] = useState<{ target: Target; remotePort?: number } | null>(null);
  const [shareWith, setShareWith] = useState<Target | null>(null);
  const [findText, setFindText] = useState<string | null>(null);
  const [reveal, setReveal] = useState<{ computeName: string; nonce: number } | null>(null);
  const [gameSessionsFor, setGameSessionsFor] = useState<Target | null>(null);
  const [filesFor, setFilesFor] = useState<Target | null>(null);
  const [showEvents, setShowEvents] = useState(false);
  const [chooseShellFor, setChooseShellFor] = useState<{ target: Target; background: boolean } | null>(null);
  const [accountsOf, setAccountsOf] = useState<string | null>(null);

  const statusTask = useTask(() => api.getStatus({}));
  const fleetsTask = useTask((refresh: boolean) => api.listFleets({ refresh }));
  const targetsTask = useTask((fleetId: string, loc: string | null, refresh: boolean) =>
    api.listTargets({ fleetId, ...(loc ? { location: loc } : {}), refresh }),
  );
  const { sessions, error: sessionsError, upsert } = useSessions(api, reloadKey);
  const { recents, noteOpened } = useRecents(api, reloadKey);
  const signIns = useSignIns(api, reloadKey);
  /** A session this window opened: shown, and among the recent connections. */
  const opened = (session: Session) => {
    upsert(session);
    noteOpened(session);
  };

  useEffect(() => onLinkState?.((state) => {
    setLink(state);
    if (state === 'open') setReloadKey((k) => k + 1); // events may have been missed while away
  }), [onLinkState]);

  useEffect(() => {
    void statusTask.run().then((s) => s && setStatus(s));
  }, [api, reloadKey]); // eslint-disable-line react-hooks/exhaustive-deps

  const loadFleets = (refresh: boolean) => void fleetsTask.run(refresh).then((r) => r && setFleets(r.fleets));
  useEffect(() => {
    if (status?.region) loadFleets(false);
  }, [status?.region, status?.profile, status?.ssoRole?.ssoSession, status?.ssoRole?.accountId, status?.ssoRole?.roleName, reloadKey]); // eslint-disable-line react-hooks/exhaustive-deps

  const loadTargets = (refresh: boolean) => {
    if (!fleet) return;
    setTargets([]);
    void targetsTask.run(fleet.fleetId, location, refresh).then((r) => r && setTargets(r.targets));
  };
  useEffect(() => loadTargets(false), [fleet?.fleetId, location]); // eslint-disable-line react-hooks/exhaustive-deps
  // A list that gave up waiting for an IAM Identity Center sign-in comes back once there is one.
  useRetryAfterSignIn(signIns, fleetsTask.error, () => loadFleets(false));
  useRetryAfterSignIn(signIns, targetsTask.error, () => loadTargets(false));

  /** Adds the session's terminal tab and switches to it, unless it is to open in the background. */
  const showTerminal = (session: Session, background = false) => {
    setTerminals((all) => (all.includes(session.id) ? all : [...all, session.id]));
    if (!background) setTab(session.id);
  };

  const { toasts, dismiss: dismissToast } = useToasts(api);
  const transfers = useTransfers(api);
  const actions = useSessionActions(api, opened, showTerminal);

  const fleetOf = (fleetId: string) => fleets.find((f) => f.fleetId === fleetId) ?? (fleet?.fleetId === fleetId ? fleet : undefined);
  const openShell = (target: Target, background: boolean, shellIn?: 'host' | 'container') => {
    if (fleetOf(target.fleetId)?.kind === 'container' && !shellIn) setChooseShellFor({ target, background });
    else void actions.openShell(target, shellIn, background);
  };

  const fleetNames = new Map(fleets.map((f) => [f.fleetId, fleetTitle(f)]));
  const fleetName = (fleetId: string) => fleetNames.get(fleetId) ?? fleetId;

  const selectFleet = (f: Fleet) => {
    if (f.fleetId !== fleet?.fleetId) {
      setFleet(f);
      setLocation(null);
      setGameSessionsFor(null);
      setFilesFor(null);
      setShowEvents(false);
    }
  };

  /**
   * Shows the fleet and compute named, then does what was asked there (errors show above its
   * compute list). A shell asked for where none can be opened (no remote access, SDK 4 Windows)
   * only selects the compute. Asked before the fleets are listed (a window the tray just opened),
   * it waits for them.
   */
  const pendingGoTo = useRef<GoTo | null>(null);
  const goTo = (to: GoTo) => {
    const f = fleetOf(to.fleetId);
    if (!f && fleets.length === 0) {
      pendingGoTo.current = to;
      return;
    }
    if (f) selectFleet(f);
    if (to.computeName) setReveal({ computeName: to.computeName, nonce: Date.now() });
    const noShell = f !== undefined && (f.access === 'none' || defaultAction(f, { os: to.os ?? f.os }) === 'rdp');
    if (!to.computeName || to.action === 'show' || (to.action === 'shell' && noShell)) {
      setTab('computes');
      return;
    }
    const target: Target = { fleetId: to.fleetId, computeName: to.computeName, location: to.location ?? '', status: '', os: to.os ?? f?.os ?? 'unknown' };
    if (to.action === 'shell') {
      if (!to.background) setTab('computes');
      openShell(target, to.background ?? false, to.shellIn);
    } else if (to.action === 'rdp') {
      setTab('computes');
      void actions.openRdp(target);
    } else if (to.action === 'forward-now' && to.remotePort !== undefined) {
      setTab('computes');
      void actions.openForward(target, to.remotePort);
    } else {
      setForwardTo({ target, ...(to.remotePort !== undefined ? { remotePort: to.remotePort } : {}) });
    }
  };
  useEffect(() => {
    const to = pendingGoTo.current;
    if (!to || fleets.length === 0) return;
    pendingGoTo.current = null;
    goTo(to);
  }, [fleets]); // eslint-disable-line react-hooks/exhaustive-deps

  const openMatch = (match: FindMatch, action: MatchAction, background: boolean) => {
    setFindText(null);
    const c = match.connect;
    goTo({
      fleetId: c?.fleetId ?? match.fleetId,
      ...(c?.computeName ?? match.computeName ? { computeName: c?.computeName ?? match.computeName } : {}),
      ...(match.location ? { location: match.location } : {}),
      ...(c ? { os: c.os } : {}),
      action: c && c.access !== 'none' ? action : 'show',
      ...(c?.port ?? match.port ?? match.gameSession?.port ? { remotePort: c?.port ?? match.port ?? match.gameSession?.port } : {}),
      background,
    });
  };

  const openRecent = (r: Recent) => {
    setFindText(null);
    goTo({
      fleetId: r.fleetId,
      computeName: r.computeName,
      location: r.location,
      action: r.kind === 'forward' ? (r.remotePort !== undefined ? 'forward-now' : 'forward') : r.kind,
      ...(r.remotePort !== undefined ? { remotePort: r.remotePort } : {}),
      ...(r.shellIn ? { shellIn: r.shellIn } : {}),
    });
  };

  /** A fleet event's toast: a shell on the instance it names, or that compute selected when a shell cannot be opened there. */
  const openFleetEvent = (toast: Toast) => {
    if (!toast.fleetId) return;
    dismissToast(toast);
    goTo({ fleetId: toast.fleetId, ...(toast.computeName ? { computeName: toast.computeName } : {}), action: 'shell' });
  };

  const openFind = (text = '') => setFindText((current) => current ?? text);
  useFindShortcut(() => openFind());
  useFindLink((text) => {
    setFindText(null);
    // A fresh palette, so a new link's text is searched even if one was open.
    setTimeout(() => setFindText(text), 0);
  });
  // The Electron app's tray asks through the preload (contract windowCommands): "Find…" and "show this target".
  const latestGoTo = useRef(goTo);
  latestGoTo.current = goTo;
  const startSignIn = signIns.signIn;
  useEffect(() => {
    const bridge = (window as unknown as { gameliftConnect?: WindowCommands }).gameliftConnect;
    if (typeof bridge?.onWindowCommand !== 'function') return;
    const offFind = bridge.onWindowCommand('openFind', () => openFind());
    const offTarget = bridge.onWindowCommand('openTarget', (command) => latestGoTo.current(command as GoTo));
    // The tray's "Sign-in needed: …": the dialog starts (or shows) that sign-in.
    const offSignIn = bridge.onWindowCommand('openSignIn', (command) => {
      const pick = command as { ssoSession?: string; profile?: string };
      if (pick.ssoSession) startSignIn({ ssoSession: pick.ssoSession });
      else if (pick.profile) startSignIn({ profile: pick.profile });
    });
    return () => {
      offFind();
      offTarget();
      offSignIn();
    };
  }, [startSignIn]);
  const disconnected = link !== 'open';

  useSessionLink(sessions, (session) => (session.kind === 'shell' ? showTerminal(session) : setTab('computes')));

  const byId = new Map(sessions.map((s) => [s.id, s]));
  const openTerminals = terminals.flatMap((id) => byId.get(id) ?? []);
  const closeTerminal = (id: string) => {
    setTerminals((all) => all.filter((t) => t !== id));
    if (tab === id) setTab('computes');
  };

  return (
    <SignInContext.Provider value={{ signIn: signIns.signIn, signedInCount: signIns.signedInCount, refresh: signIns.refresh }}>
    <div className="app">
      <TopBar
        api={api}
        status={status}
        link={link}
        theme={theme}
        onToggleTheme={toggleTheme}
        onFind={() => openFind()}
        onIdentityChanged={(identity) => {
          // A profile picked replaces an sso-session's role in use.
          if (status) setStatus({ ...status, ssoRole: undefined, ...identity });
          setFleet(null);
          setFleets([]);
        }}
        signIns={signIns.statuses}
        onSignIn={signIns.signIn}
        onAccounts={setAccountsOf}
      />
      <SignInBanner waiting={signIns.waiting} onSignIn={signIns.signIn} />
      {statusTask.error ? (
        <div className="page-error">
          <ErrorNote error={statusTask.error} context="Cannot reach the daemon" />
        </div>
      ) : null}
      {status && !status.region ? (
        <div className="page-error">
          <div className="notice">Choose a Region above to list your fleets.</div>
        </div>
      ) : null}
      <main className="workspace">
        <FleetList
          fleets={fleets}
          loading={fleetsTask.busy}
          error={fleetsTask.error}
          selectedId={fleet?.fleetId ?? null}
          onSelect={(f) => {
            selectFleet(f);
            actions.clearActionError();
            setTab('computes');
          }}
          onRefresh={() => loadFleets(true)}
          onDismissError={fleetsTask.clearError}
        />
        <section className="main-area">
          <nav className="tabs" role="tablist" aria-label="Views">
            <button type="button" role="tab" aria-selected={tab === 'computes'} className={tab === 'computes' ? 'on' : ''} onClick={() => setTab('computes')}>
              Computes
            </button>
            {openTerminals.map((s) => (
              <span key={s.id} className={`tab${tab === s.id ? ' on' : ''}${s.state === 'ended' ? ' ended' : ''}`}>
                <button type="button" role="tab" aria-selected={tab === s.id} onClick={() => setTab(s.id)} title={tabTitle(s, fleetName(s.target.fleetId))}>
                  <span className="tab-fleet">{fleetName(s.target.fleetId)}</span>
                  {' / '}
                  <MiddleEllipsis className="tab-compute" text={s.target.computeName} />
                  {` (${s.target.location})`}
                  {s.target.shellIn === 'container' ? ' (container)' : ''}
                </button>
                <button type="button" className="icon-button" aria-label={`Close terminal for ${tabTitle(s, fleetName(s.target.fleetId))}`} onClick={() => closeTerminal(s.id)}>
                  ×
                </button>
              </span>
            ))}
          </nav>
          <div className="tab-body" hidden={tab !== 'computes'}>
            {fleet ? (
              <TargetList
                fleet={fleet}
                targets={targets}
                loading={targetsTask.busy}
                error={targetsTask.error}
                location={location}
                onLocation={setLocation}
                onRefresh={() => loadTargets(true)}
                onDismissError={targetsTask.clearError}
                pendingName={actions.pendingName}
                actions={{
                  openShell: (t, background) => openShell(t, background),
                  openForward: (t) => setForwardTo({ target: t }),
                  openRdpWithFolder: (t) => setShareWith(t),
                  openRdp: (t) => void actions.openRdp(t),
                  showGameSessions: setGameSessionsFor,
                  showFiles: setFilesFor,
                }}
                reveal={reveal}
                headerExtra={
                  <>
                    <button type="button" className={`ghost${showEvents ? ' on' : ''}`} aria-pressed={showEvents} onClick={() => setShowEvents(!showEvents)}>
                      Events
                    </button>
                    <FollowToggle api={api} fleetId={fleet.fleetId} />
                  </>
                }
                health={needsHealth(fleet.status) ? <FleetHealth api={api} fleet={fleet} /> : null}
                details={
                  <>
                    {gameSessionsFor && gameSessionsFor.fleetId === fleet.fleetId ? (
                      <GameSessions api={api} target={gameSessionsFor} onClose={() => setGameSessionsFor(null)} />
                    ) : null}
                    {filesFor && filesFor.fleetId === fleet.fleetId ? (
                      <FilesPanel key={filesFor.computeName} api={api} fleet={fleet} target={filesFor} transfers={transfers} onClose={() => setFilesFor(null)} />
                    ) : null}
                    {showEvents ? <FleetEvents api={api} fleet={fleet} onClose={() => setShowEvents(false)} /> : null}
                  </>
                }
                notice={
                  actions.actionError ? (
                    <ErrorNote
                      error={actions.actionError.error}
                      context={actions.actionError.context}
                      action={actions.actionError.retry}
                      onDismiss={actions.clearActionError}
                    />
                  ) : actions.pendingName ? (
                    <div className="notice" role="status">Connecting to {actions.pendingName}…</div>
                  ) : null
                }
              />
            ) : (
              <div className="placeholder">
                <h2>Pick a fleet</h2>
                <p>
                  Its computes and instances appear here. Double-click one, or press Enter, to open a shell (Remote Desktop on SDK 4 Windows instances);
                  hold Ctrl (⌘ on macOS) to open the shell in the background. Press Ctrl+K (⌘K) to find a game session, player, address or
                  compute.
                </p>
                {recents.length ? (
                  <section className="recent" aria-label="Recent connections">
                    <h3 className="subhead">Recent connections</h3>
                    <RecentList recents={recents} fleetName={fleetName} onOpen={openRecent} />
                  </section>
                ) : null}
              </div>
            )}
          </div>
          <Suspense fallback={<div className="placeholder">Opening the terminal…</div>}>
            {openTerminals.map((s) => (
              <TerminalView key={s.id} api={api} session={s} visible={tab === s.id} theme={theme} disconnected={disconnected} />
            ))}
          </Suspense>
        </section>
        <SessionsPanel api={api} sessions={sessions} fleetName={fleetName} onOpen={(s) => showTerminal(s)} disconnected={disconnected} />
      </main>
      {sessionsError && !statusTask.error ? (
        <div className="page-error">
          <ErrorNote error={sessionsError} context="Could not list sessions" />
        </div>
      ) : null}
      <Toasts toasts={toasts} onGoTo={openFleetEvent} onDismiss={dismissToast} />
      {forwardTo ? (
        <ForwardDialog
          api={api}
          target={forwardTo.target}
          {...(forwardTo.remotePort !== undefined ? { remotePort: forwardTo.remotePort } : {})}
          onClose={() => setForwardTo(null)}
          onOpened={opened}
        />
      ) : null}
      {shareWith ? <RdpShareDialog api={api} target={shareWith} onClose={() => setShareWith(null)} onOpened={opened} /> : null}
      {findText !== null ? (
        <FindPalette api={api} initialText={findText} fleetName={fleetName} recents={recents} onAction={openMatch} onRecent={openRecent} onClose={() => setFindText(null)} />
      ) : null}
      {chooseShellFor ? (
        <ShellChooser
          target={chooseShellFor.target}
          onClose={() => setChooseShellFor(null)}
          onChoose={(shellIn) => {
            const { target, background } = chooseShellFor;
            setChooseShellFor(null);
            openShell(target, background, shellIn);
          }}
        />
      ) : null}
      {signIns.dialog ? <SignInDialog key={JSON.stringify(signIns.dialog)} api={api} pick={signIns.dialog} onClose={signIns.closeDialog} /> : null}
      {accountsOf ? (
        <SsoAccountsDialog
          api={api}
          ssoSession={accountsOf}
          region={status?.region ?? null}
          onClose={() => setAccountsOf(null)}
          onUsed={(used) => {
            setAccountsOf(null);
            if (status) setStatus({ ...status, profile: used.profile, region: used.region, ssoRole: used.ssoRole });
            setFleet(null);
            setFleets([]);
          }}
        />
      ) : null}
    </div>
    </SignInContext.Provider>
  );
}
