import { lazy, Suspense, useCallback, useEffect, useState } from 'react';
import type { ConnectApi, EventPayload, Fleet, MethodOutput, Session, Target } from '../../preload/contract';
import type { LinkState } from './api/ws-api';
import { toConnectError, type ConnectError } from './api/errors';
import { ErrorNote } from './components/ErrorNote';
import { FleetList } from './components/FleetList';
import { ForwardDialog } from './components/ForwardDialog';
import { IdentityPicker } from './components/IdentityPicker';
import { SessionsPanel } from './components/SessionsPanel';
import { ShellChooser } from './components/ShellChooser';
import { TargetList } from './components/TargetList';
import { useSessionLink } from './hooks/useSessionLink';
import { useSessions } from './hooks/useSessions';
import { useTask } from './hooks/useTask';
import { useTheme } from './hooks/useTheme';

// xterm.js is most of the bundle: load it with the first terminal, not with the app.
const TerminalView = lazy(() => import('./components/TerminalView').then((m) => ({ default: m.TerminalView })));

type Status = MethodOutput<'getStatus'>;
type Toast = EventPayload<'notification'> & { key: number };

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
  const [chooseShellFor, setChooseShellFor] = useState<Target | null>(null);
  const [pendingName, setPendingName] = useState<string | null>(null);
  const [actionError, setActionError] = useState<{ error: ConnectError; context: string; retry?: { label: string; run: () => void } } | null>(null);
  const [toasts, setToasts] = useState<Toast[]>([]);

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

  const loadFleets = useCallback(
    (refresh: boolean) => void fleetsTask.run(refresh).then((r) => r && setFleets(r.fleets)),
    [fleetsTask],
  );
  useEffect(() => {
    if (status?.region) loadFleets(false);
  }, [status?.region, status?.profile, reloadKey]); // eslint-disable-line react-hooks/exhaustive-deps

  const loadTargets = useCallback(
    (refresh: boolean) => {
      if (!fleet) return;
      setTargets([]);
      void targetsTask.run(fleet.fleetId, location, refresh).then((r) => r && setTargets(r.targets));
    },
    [fleet, location, targetsTask],
  );
  useEffect(() => loadTargets(false), [fleet?.fleetId, location]); // eslint-disable-line react-hooks/exhaustive-deps

  useEffect(
    () =>
      api.on('notification', (n) => {
        const toast = { ...n, key: Date.now() + Math.random() };
        setToasts((all) => [...all.slice(-3), toast]);
        setTimeout(() => setToasts((all) => all.filter((t) => t !== toast)), 8_000);
      }),
    [api],
  );

  const showTerminal = (session: Session) => {
    setTerminals((all) => (all.includes(session.id) ? all : [...all, session.id]));
    setTab(session.id);
  };

  /**
   * Opens a session for a row action; its error is shown above the list. An SDK 4 fleet whose
   * inbound rules keep this machine out (PortClosed) offers to open the port for this address
   * alone, only on the user's say-so.
   */
  const openSession = async (context: string, target: Target, open: (openInboundPort: boolean) => Promise<Session>, openInboundPort = false): Promise<Session | null> => {
    setActionError(null);
    setPendingName(target.computeName);
    try {
      const session = await open(openInboundPort);
      upsert(session);
      return session;
    } catch (caught) {
      const error = toConnectError(caught);
      const retry =
        error.code === 'PortClosed' && !openInboundPort
          ? { label: 'Open it for my address', run: () => void openSession(context, target, open, true).then((s) => s && s.kind === 'shell' && showTerminal(s)) }
          : undefined;
      setActionError({ error, context: `${context} ${target.computeName}`, ...(retry ? { retry } : {}) });
      return null;
    } finally {
      setPendingName(null);
    }
  };

  const openShell = async (target: Target, shellIn?: 'host' | 'container') => {
    if (!fleet) return;
    if (fleet.kind === 'container' && !shellIn) {
      setChooseShellFor(target);
      return;
    }
    const session = await openSession('Could not open a shell on', target, (openInboundPort) =>
      api.openShell({ fleetId: target.fleetId, computeName: target.computeName, ...(shellIn ? { shellIn } : {}), ...(openInboundPort ? { openInboundPort } : {}) }),
    );
    if (session) showTerminal(session);
  };

  const openRdp = (target: Target) =>
    void openSession('Could not start Remote Desktop to', target, (openInboundPort) =>
      api.openRdp({ fleetId: target.fleetId, computeName: target.computeName, ...(openInboundPort ? { openInboundPort } : {}) }),
    );

  useSessionLink(sessions, (session) => (session.kind === 'shell' ? showTerminal(session) : setTab('computes')));

  const byId = new Map(sessions.map((s) => [s.id, s]));
  const openTerminals = terminals.flatMap((id) => byId.get(id) ?? []);
  const closeTerminal = (id: string) => {
    setTerminals((all) => all.filter((t) => t !== id));
    if (tab === id) setTab('computes');
  };

  const disconnected = link !== 'open';
  return (
    <div className="app">
      <header className="topbar">
        <div className="brand">
          <span className="logo" aria-hidden="true" />
          <span className="brand-name">GameLift Connect</span>
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
            disabled={disconnected}
            onChanged={(identity) => {
              setStatus({ ...status, ...identity });
              setFleet(null);
              setFleets([]);
            }}
          />
        ) : status ? (
          <div className="identity dim">Emulated account · {status.region}</div>
        ) : null}
        <span className="spacer" />
        {disconnected ? (
          <span className="link-state" role="status">
            {link === 'lost' ? 'Reconnecting to the daemon…' : 'Connecting…'}
          </span>
        ) : null}
        <button type="button" className="ghost theme-toggle" onClick={toggleTheme} aria-label={`Switch to ${theme === 'dark' ? 'light' : 'dark'} theme`}>
          {theme === 'dark' ? '☀ Light' : '☾ Dark'}
        </button>
      </header>
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
            setActionError(null);
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
                <button type="button" role="tab" aria-selected={tab === s.id} onClick={() => setTab(s.id)}>
                  {s.target.computeName}
                  {s.target.shellIn === 'container' ? ' (container)' : ''}
                </button>
                <button type="button" className="icon-button" aria-label={`Close terminal for ${s.target.computeName}`} onClick={() => closeTerminal(s.id)}>
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
                pendingName={pendingName}
                actions={{ openShell: (t) => void openShell(t), openForward: setForwardTo, openRdp }}
                notice={
                  actionError ? (
                    <ErrorNote error={actionError.error} context={actionError.context} action={actionError.retry} onDismiss={() => setActionError(null)} />
                  ) : pendingName ? (
                    <div className="notice" role="status">Connecting to {pendingName}…</div>
                  ) : null
                }
              />
            ) : (
              <div className="placeholder">
                <h2>Pick a fleet</h2>
                <p>Its computes and instances appear here. Double-click one, or press Enter, to open a shell.</p>
              </div>
            )}
          </div>
          <Suspense fallback={<div className="placeholder">Opening the terminal…</div>}>
            {openTerminals.map((s) => (
              <TerminalView key={s.id} api={api} session={s} visible={tab === s.id} theme={theme} />
            ))}
          </Suspense>
        </section>
        <SessionsPanel api={api} sessions={sessions} onOpen={showTerminal} />
      </main>
      {sessionsError && !statusTask.error ? (
        <div className="page-error">
          <ErrorNote error={sessionsError} context="Could not list sessions" />
        </div>
      ) : null}
      <div className="toasts" aria-live="polite">
        {toasts.map((t) => (
          <div key={t.key} className={`toast kind-${t.kind}`}>
            <strong>{t.title}</strong>
            <span>{t.body}</span>
          </div>
        ))}
      </div>
      {forwardTo ? <ForwardDialog api={api} target={forwardTo} onClose={() => setForwardTo(null)} onOpened={upsert} /> : null}
      {chooseShellFor ? (
        <ShellChooser
          target={chooseShellFor}
          onClose={() => setChooseShellFor(null)}
          onChoose={(shellIn) => {
            const target = chooseShellFor;
            setChooseShellFor(null);
            void openShell(target, shellIn);
          }}
        />
      ) : null}
    </div>
  );
}
