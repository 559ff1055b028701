/**
 * The app as a user meets it in web mode: the real daemon and the built renderer on one loopback
 * origin (main/daemon/web/web-mode.ts), backed by the in-process emulator, opened in headless
 * Chromium. Nothing is mocked. Needs `npm run build` (dist/renderer).
 *
 *   const app = await openApp({ emulator: { credentialLifetimeMs: 20_000 } });
 *   after(() => app.close());
 *   await app.pickFleet('arena-linux-sdk5');
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { WireRequest } from '../../../preload/contract';
import type { DaemonOptions } from '../../../main/daemon/daemon';
import { startSandbox } from '../../../main/daemon/web/sandbox';
import { startWebMode, type WebMode } from '../../../main/daemon/web/web-mode';
import type { EmulatorOptions } from '../../../emulator/index';
import { collectPageProblems, launchChromium } from '../../support/chromium';

export const RENDERER = 'dist/renderer';

/** Closing must not hang a test run: past this, it fails with a name instead. */
const CLOSE_MS = 20_000;

/** Each UI test's limit: a stuck step fails the test by name rather than stalling the run. */
export const UI_TEST = { timeout: 180_000 } as const;

async function within<T>(ms: number, work: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} within ${ms / 1000} s`)), ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export interface App {
  web: WebMode;
  browser: Browser;
  page: Page;
  /** Console errors, uncaught exceptions and failed requests seen so far. */
  problems: string[];
  /** Every local-API call the page sent, in order, as it went over the WebSocket. */
  apiCalls: Array<{ method: string; input: unknown }>;
  /** Selects a fleet by name, or by ID (container fleets have no name). */
  pickFleet(nameOrId: string): Promise<void>;
  /** The visible text of the terminal that is showing. */
  terminalText(): Promise<string>;
  close(): Promise<void>;
}

export async function openApp(opts: { emulator?: EmulatorOptions; daemon?: Partial<DaemonOptions>; viewport?: { width: number; height: number }; colorScheme?: 'light' | 'dark' } = {}): Promise<App> {
  assert.ok(existsSync(`${RENDERER}/index.html`), `${RENDERER}/index.html is missing: run \`npm run build\` first`);
  const web = await startWebMode({ rendererRoot: RENDERER, sandbox: () => startSandbox(opts.emulator), ...(opts.daemon ? { daemon: opts.daemon } : {}) });
  const browser = await launchChromium();
  const context = await browser.newContext({ viewport: opts.viewport ?? { width: 1400, height: 860 }, colorScheme: opts.colorScheme ?? 'light' });
  const page = await context.newPage();
  const problems = collectPageProblems(page);
  const apiCalls: App['apiCalls'] = [];
  page.on('websocket', (socket) => {
    socket.on('framesent', ({ payload }) => {
      const request = WireRequest.safeParse(typeof payload === 'string' ? safeJson(payload) : null);
      if (request.success) apiCalls.push({ method: request.data.method, input: request.data.input });
    });
  });
  await page.goto(web.url);
  await page.getByText('Sandbox', { exact: true }).waitFor();
  return {
    web,
    browser,
    page,
    problems,
    apiCalls,
    async pickFleet(nameOrId) {
      if (/^[a-z]*fleet-/.test(nameOrId)) {
        // Container fleets have no name in GameLift (the list shows their description): by ID.
        await page.locator(`[id="fleet-${nameOrId}"]`).click();
        await page.locator('.targets .row-sub', { hasText: nameOrId }).waitFor();
        return;
      }
      await page.getByRole('option', { name: new RegExp(`^${nameOrId}\\b`) }).click();
      await page.locator('.targets').getByRole('heading', { name: nameOrId, exact: true }).waitFor();
    },
    async terminalText() {
      return page.locator('.terminal-view:not([hidden]) .xterm-rows').innerText();
    },
    async close() {
      try {
        await within(CLOSE_MS, browser.close(), 'Chromium did not close');
      } finally {
        await within(CLOSE_MS, web.close(), 'web mode (daemon, local API, emulator) did not close');
      }
    },
  };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/** Polls until `read` returns something `accept` likes; the last value in the failure message. */
export async function eventually<T>(read: () => Promise<T>, accept: (value: T) => boolean, timeoutMs = 15_000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T = await read();
  while (!accept(last)) {
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}; last value: ${JSON.stringify(last)}`);
    await new Promise((r) => setTimeout(r, 100));
    last = await read();
  }
  return last;
}

export const FLEETS = {
  linux: 'arena-linux-sdk5',
  windows: 'arena-windows-sdk5',
  containers: 'containerfleet-2a9c6e1d-0003-4b7f-8e3a-6c1d9f2b0003',
  anywhere: 'studio-anywhere',
  loadTest: 'arena-load-test',
} as const;

export const LINUX_COMPUTE = 'i-0a1f5c2e9b7d30001';
export const WINDOWS_COMPUTE = 'i-0b2e6d3f0c8e40001';
