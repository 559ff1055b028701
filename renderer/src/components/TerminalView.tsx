import { FitAddon } from '@xterm/addon-fit';
import { SearchAddon } from '@xterm/addon-search';
import { Unicode11Addon } from '@xterm/addon-unicode11';
import { WebLinksAddon } from '@xterm/addon-web-links';
import { Terminal, type ITheme } from '@xterm/xterm';
import '@xterm/xterm/css/xterm.css';
import { useEffect, useRef, useState } from 'react';
import { isAllowedExternalUrl, TerminalAcks, type ConnectApi, type Session } from '../../../preload/contract';
import { toConnectError, type ConnectError } from '../api/errors';
import type { Theme } from '../hooks/useTheme';
import { encodeInput, fromBase64 } from '../terminal/bytes';
import { ErrorNote } from './ErrorNote';

const THEMES: Record<Theme, ITheme> = {
  dark: { background: '#11151c', foreground: '#d8dee9', cursor: '#8fbcbb', selectionBackground: '#3b4a63' },
  light: { background: '#fbfbfa', foreground: '#1f2933', cursor: '#2f6f6a', selectionBackground: '#c9dcf2' },
};

/**
 * One shell session in xterm.js: output from terminalData events (after the backlog), input and
 * resizes sent back, Ctrl+Shift+F to search, Ctrl+Shift+C / V to copy and paste, links opened
 * only through the allowlisted openExternal.
 */
export function TerminalView({ api, session, visible, theme, disconnected = false }: { api: ConnectApi; session: Session; visible: boolean; theme: Theme; disconnected?: boolean }) {
  const host = useRef<HTMLDivElement>(null);
  const term = useRef<Terminal | null>(null);
  const fit = useRef<FitAddon | null>(null);
  const search = useRef<SearchAddon | null>(null);
  const [searching, setSearching] = useState(false);
  const [query, setQuery] = useState('');
  const [error, setError] = useState<ConnectError | null>(null);
  const searchInput = useRef<HTMLInputElement>(null);
  const sessionId = session.id;
  const ended = session.state === 'ended';

  useEffect(() => {
    const element = host.current;
    if (!element) return;
    const terminal = new Terminal({
      allowProposedApi: true, // unicode11 registers a proposed API
      cursorBlink: true,
      fontFamily: 'ui-monospace, "Cascadia Mono", "SF Mono", Menlo, Consolas, "DejaVu Sans Mono", monospace',
      fontSize: 13,
      scrollback: 5000,
      theme: THEMES[theme],
    });
    const fitAddon = new FitAddon();
    const searchAddon = new SearchAddon();
    terminal.loadAddon(fitAddon);
    terminal.loadAddon(searchAddon);
    terminal.loadAddon(new Unicode11Addon());
    terminal.unicode.activeVersion = '11';
    terminal.loadAddon(
      new WebLinksAddon((event, uri) => {
        event.preventDefault();
        if (isAllowedExternalUrl(uri)) void api.openExternal({ url: uri }).catch((e: unknown) => setError(toConnectError(e)));
        else setError(toConnectError({ code: 'InvalidInput', message: `Links to ${new URL(uri).host} are not opened from the app.`, hint: 'Copy the address if you trust it.' }));
      }),
    );
    terminal.open(element);
    term.current = terminal;
    fit.current = fitAddon;
    search.current = searchAddon;

    const send = (text: string) => {
      for (const data of encodeInput(text)) {
        api.writeTerminal({ sessionId, data }).catch((e: unknown) => setError(toConnectError(e)));
      }
    };

    terminal.attachCustomKeyEventHandler((event) => {
      if (event.type !== 'keydown' || !event.ctrlKey || !event.shiftKey) return true;
      const key = event.key.toLowerCase();
      if (key === 'f') {
        setSearching(true);
        requestAnimationFrame(() => searchInput.current?.select());
        return false;
      }
      if (key === 'c') {
        const selection = terminal.getSelection();
        if (selection) void navigator.clipboard?.writeText(selection);
        return false;
      }
      // Ctrl+Shift+V: let the browser's own paste event reach xterm (no clipboard-read permission needed).
      if (key === 'v') return false;
      return true;
    });

    // Output: listen first, then read the backlog, then replay what arrived meanwhile: the events
    // that end past the backlog's offset (the others are in it). Every byte is acknowledged, by
    // offset under this view's own ID, once xterm.js has processed it, so the daemon holds a shell
    // back only while the slowest of its views really is behind.
    const viewerId = `window-${crypto.randomUUID()}`;
    const acks = new TerminalAcks((upTo) => void api.ackTerminal({ sessionId, viewerId, upTo }).catch(() => undefined));
    const show = (bytes: Uint8Array, offset: number) => {
      acks.arrivedUpTo(offset);
      terminal.write(bytes, () => acks.processedUpTo(offset));
    };
    let early: Array<{ bytes: Uint8Array; offset: number }> | null = [];
    const offData = api.on('terminalData', (event) => {
      if (event.sessionId !== sessionId) return;
      const bytes = fromBase64(event.data);
      if (early) early.push({ bytes, offset: event.offset });
      else show(bytes, event.offset);
    });
    api
      .readTerminalBacklog({ sessionId })
      .then(({ data, offset }) => ({ bytes: fromBase64(data), offset }))
      .catch(() => ({ bytes: new Uint8Array(), offset: 0 }))
      .then((backlog) => {
        if (backlog.bytes.length) show(backlog.bytes, backlog.offset);
        for (const chunk of early ?? []) if (chunk.offset > backlog.offset) show(chunk.bytes, chunk.offset);
        early = null;
      });

    const input = terminal.onData(send);
    const resize = terminal.onResize(({ cols, rows }) => {
      api.resizeTerminal({ sessionId, cols, rows }).catch(() => undefined);
    });
    const observer = new ResizeObserver(() => {
      if (element.offsetParent !== null) fitAddon.fit();
    });
    observer.observe(element);
    fitAddon.fit();
    api.resizeTerminal({ sessionId, cols: terminal.cols, rows: terminal.rows }).catch(() => undefined);

    return () => {
      observer.disconnect();
      acks.dispose();
      offData();
      input.dispose();
      resize.dispose();
      terminal.dispose();
      term.current = null;
    };
    // The terminal lives as long as its session's view; theme changes are applied below.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [api, sessionId]);

  useEffect(() => {
    if (term.current) term.current.options.theme = THEMES[theme];
  }, [theme]);

  useEffect(() => {
    if (!visible) return;
    requestAnimationFrame(() => {
      fit.current?.fit();
      term.current?.focus();
    });
  }, [visible]);

  useEffect(() => {
    if (ended && term.current) {
      term.current.options.disableStdin = true;
      term.current.write(`\r\n\x1b[2m[session ended${session.endReason ? `: ${session.endReason}` : ''}]\x1b[0m\r\n`);
    }
  }, [ended, session.endReason]);

  const find = (backwards: boolean) => {
    if (!query) return;
    const options = { caseSensitive: false };
    if (backwards) search.current?.findPrevious(query, options);
    else search.current?.findNext(query, options);
  };

  return (
    <div className="terminal-view" hidden={!visible} data-session={sessionId}>
      {searching ? (
        <div className="terminal-search" role="search">
          <input
            ref={searchInput}
            aria-label="Search terminal output"
            placeholder="Search output"
            value={query}
            onChange={(e) => setQuery(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter') find(e.shiftKey);
              if (e.key === 'Escape') {
                e.stopPropagation();
                setSearching(false);
                search.current?.clearDecorations();
                term.current?.focus();
              }
            }}
          />
          <button type="button" className="small" onClick={() => find(true)} aria-label="Previous match">
            ↑
          </button>
          <button type="button" className="small" onClick={() => find(false)} aria-label="Next match">
            ↓
          </button>
          <button type="button" className="icon-button" aria-label="Close search" onClick={() => setSearching(false)}>
            ×
          </button>
        </div>
      ) : null}
      {disconnected && !ended ? (
        <div className="terminal-state disconnected" role="status">
          Disconnected from the daemon: this terminal takes no input until it is back.
        </div>
      ) : session.state === 'reconnecting' || session.state === 'starting' ? (
        <div className="terminal-state" role="status">
          {session.state === 'reconnecting' ? 'Connection lost — reconnecting…' : 'Connecting…'}
        </div>
      ) : null}
      <ErrorNote error={error} onDismiss={() => setError(null)} />
      <div className="terminal-host" ref={host} />
    </div>
  );
}
