import { lazy, Suspense, useEffect, useState } from 'react';
import type { ConnectApi, Fleet, MethodOutput, Session, Target } from '../../preload/contract';
import type { LinkState } from './api/ws-api';
import { ErrorNote } from './components/ErrorNote';
import { FleetList } from './components/FleetList';
import { ForwardDialog } from './components/ForwardDialog';
import { SessionsPanel } from './components/SessionsPanel';
import { MiddleEllipsis } from './components/MiddleEllipsis';
import { ShellChooser } from './components/ShellChooser';
import { fleetTitle, sessionTitle } from './format';
import { TargetList } from './components/TargetList';
import { Toasts } from './components/Toasts';
import { TopBar } from './components/TopBar';
import { useSessionActions } from './hooks/useSessionActions';
import { useSessionLink } from './hooks/useSessionLink';
import { useSessions } from './hooks/useSessions';
import { useTask } from './hooks/useTask';
import { useTheme } from './hooks/useTheme';
import { useToasts } from './hooks/useToasts';

// xterm.js is most of the bundle: load it with the first terminal, not with the app.
const TerminalView = lazy(() => import('./components/TerminalView').then((m) => ({ default: m.TerminalView })));

type Status = MethodOutput<'getStatus'>;

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
  const [forwardTo, setForwardTo] = useState<Target | null>(null);
  const [chooseShellFor, setChooseShellFor] = useState<{ target: Target; background: boolean } | null>(null);

  const statusTask = useTask(() => api.getStatus({}));
  const fleetsTask = useTask((refresh: boolean) => api.listFleets({ refresh }));
  const targetsTask = useTask((fleetId: string, loc: string | null, refresh: boolean) =>
    api.listTargets({ fleetId, ...(loc ? { location: loc } : {}), refresh }),
  );
  const { sessions, error: sessionsError, upsert } = useSessions(api, reloadKey);

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
  }, [status?.region, status?.profile, reloadKey]); // eslint-disable-line react-hooks/exhaustive-deps

  const loadTargets = (refresh: boolean) => {
    if (!fleet) return;
    setTargets([]);
    void targetsTask.run(fleet.fleetId, location, refresh).then((r) => r && setTargets(r.targets));
  };
  useEffect(() => loadTargets(false), [fleet?.fleetId, location]); // eslint-disable-line react-hooks/exhaustive-deps

  /** Adds the session's terminal tab and switches to it, unless it is to open in the background. */
  const showTerminal = (session: Session, background = false) => {
    setTerminals((all) => (all.includes(session.id) ? all : [...all, session.id]));
    if (!background) setTab(session.id);
  };

  const toasts = useToasts(api);
  const actions = useSessionActions(api, upsert, showTerminal);

  const openShell = (target: Target, background: boolean, shellIn?: 'host' | 'container') => {
    if (fleet?.kind === 'container' && !shellIn) setChooseShellFor({ target, background });
    else void actions.openShell(target, shellIn, background);
  };

  const fleetNames = new Map(fleets.map((f) => [f.fleetId, fleetTitle(f)]));
  const fleetName = (fleetId: string) => fleetNames.get(fleetId) ?? fleetId;

  useSessionLink(sessions, (session) => (session.kind === 'shell' ? showTerminal(session) : setTab('computes')));

  const byId = new Map(sessions.map((s) => [s.id, s]));
  const openTerminals = terminals.flatMap((id) => byId.get(id) ?? []);
  const closeTerminal = (id: string) => {
    setTerminals((all) => all.filter((t) => t !== id));
    if (tab === id) setTab('computes');
  };

  return (
    <div className="app">
      <TopBar
        api={api}
        status={status}
        link={link}
        theme={theme}
        onToggleTheme={toggleTheme}
        onIdentityChanged={(identity) => {
          if (status) setStatus({ ...status, ...identity });
          setFleet(null);
          setFleets([]);
        }}
      />
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
            setFleet(f);
            setLocation(null);
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
                actions={{ openShell: (t, background) => openShell(t, background), openForward: setForwardTo, openRdp: (t) => void actions.openRdp(t) }}
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
                  hold Ctrl (⌘ on macOS) to open the shell in the background.
                </p>
              </div>
            )}
          </div>
          <Suspense fallback={<div className="placeholder">Opening the terminal…</div>}>
            {openTerminals.map((s) => (
              <TerminalView key={s.id} api={api} session={s} visible={tab === s.id} theme={theme} />
            ))}
          </Suspense>
        </section>
        <SessionsPanel api={api} sessions={sessions} fleetName={fleetName} onOpen={(s) => showTerminal(s)} />
      </main>
      {sessionsError && !statusTask.error ? (
        <div className="page-error">
          <ErrorNote error={sessionsError} context="Could not list sessions" />
        </div>
      ) : null}
      <Toasts toasts={toasts} />
      {forwardTo ? <ForwardDialog api={api} target={forwardTo} onClose={() => setForwardTo(null)} onOpened={upsert} /> : null}
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
    </div>
  );
}
