// Compute-list filter latency in the window: a keystroke in "Filter computes" until the next frame
// has been painted, with the sandbox's 5,000-instance fleet (arena-load-test) listed. Real
// Chromium (/usr/bin/chromium via playwright-core), the real daemon in web mode and the emulator
// in process, the renderer built from the working tree into a private directory (so dist/ is
// left alone).
//
// How a sample is taken, in the page: a capture-phase keydown listener on the filter input takes
// the event's timeStamp; a requestAnimationFrame callback registered right then runs just before
// the next frame's style, layout and paint, and a message posted from it runs right after them;
// the sample is that moment minus the timeStamp. So it covers the key event, React's work on it
// (filtering, rendering, commit) and the browser's frame for it: what a user waits for. The
// benchmark presses one key at a time and waits for its sample before the next.
//
//   npx tsx bench/filter-latency.ts [rounds]     prints a JSON line
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build as viteBuild } from 'vite';
import { startSandbox } from '../main/daemon/web/sandbox';
import { startWebMode } from '../main/daemon/web/web-mode';
import { chromium } from 'playwright-core';

export interface FilterLatencyResult {
  computes: number;
  keystrokes: number;
  p50Ms: number;
  p95Ms: number;
  maxMs: number;
  /** Keystrokes whose paint came later than one 60 Hz frame (16.7 ms). */
  overOneFrame: number;
  /**
   * The script part alone, from the key's input event to React's commit of it (without the
   * frame's style, layout and paint, nor the wait for the frame): p50 and p95.
   */
  scriptP50Ms: number;
  scriptP95Ms: number;
  /** The frame's own part, from its animation-frame callbacks to after its style, layout and paint: p50 and p95. */
  frameP50Ms: number;
  frameP95Ms: number;
  /** The same measure for caret moves (ArrowLeft/Right) that change nothing rendered: the browser's own floor. */
  idleP50Ms: number;
  idleP95Ms: number;
  /** Rows in the list's DOM after the last keystroke (all 5,000 shown again). */
  domRows: number;
}

/**
 * One round types a query that narrows the list step by step and deletes it again: each key
 * changes which rows match (an IP prefix, then hex digits of instance IDs).
 */
const ROUND: string[] = [...'100.64.1.2', ...Array<string>(10).fill('Backspace'), ...'0080000000001', ...Array<string>(13).fill('Backspace')];

/**
 * test/support/chromium.ts's flags, plus frames unthrottled: a frame starts as soon as the page
 * asks for one instead of at the next 60 Hz tick, so a sample is the app's own latency (its work
 * and its frame), not that plus a wait for the tick that depends on when the key happened to land.
 */
const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  ...(process.env.VSYNC ? [] : ['--disable-frame-rate-limit', '--disable-gpu-vsync']),
];

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))] ?? 0;

export async function filterLatency(rounds = 2): Promise<FilterLatencyResult> {
  const root = fileURLToPath(new URL('..', import.meta.url));
  const outDir = await mkdtemp(join(tmpdir(), 'glc-bench-renderer-'));
  const web = { close: async () => {} };
  let browser: Awaited<ReturnType<typeof chromium.launch>> | null = null;
  try {
    await viteBuild({ configFile: join(root, 'vite.config.ts'), root: join(root, 'renderer'), logLevel: 'warn', build: { outDir, emptyOutDir: true, sourcemap: false } });
    const mode = await startWebMode({ rendererRoot: outDir, sandbox: () => startSandbox() });
    web.close = () => mode.close();
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_FLAGS, timeout: 30_000 });
    const page = await (await browser.newContext({ viewport: { width: 1400, height: 860 } })).newPage();
    await page.goto(mode.url);
    await page.getByRole('option', { name: /^arena-load-test\b/ }).click();
    const count = page.locator('.targets .count');
    await count.filter({ hasText: /^5000 computes$/ }).waitFor({ timeout: 120_000 });
    const input = page.getByLabel('Filter computes');
    await input.focus();
    await page.evaluate(() => {
      const w = globalThis as unknown as {
        document: { querySelector(s: string): { addEventListener(t: string, f: (e: { timeStamp: number }) => void, capture: boolean): void } };
        requestAnimationFrame(f: () => void): void;
        MessageChannel: new () => { port1: { onmessage: (() => void) | null }; port2: { postMessage(v: null): void } };
        performance: { now(): number };
        addEventListener(t: string, f: (e: { timeStamp: number }) => void): void;
        __samples: number[];
        __work: number[];
        __render: number[];
      };
      w.__samples = [];
      w.__work = [];
      w.__render = [];
      // Bubbling to the window comes after React's listener at its root, which renders and
      // commits a key's update before it returns (a discrete event): the script part of a sample.
      w.addEventListener('input', (event) => w.__work.push(w.performance.now() - event.timeStamp));
      w.document.querySelector('input[aria-label="Filter computes"]').addEventListener(
        'keydown',
        (event) => {
          const start = event.timeStamp;
          w.requestAnimationFrame(() => {
            const frame = w.performance.now();
            const channel = new w.MessageChannel();
            channel.port1.onmessage = () => {
              const now = w.performance.now();
              w.__samples.push(now - start);
              w.__render.push(now - frame);
            };
            channel.port2.postMessage(null);
          });
        },
        true,
      );
    });
    const press = async (key: string) => {
      const before = await page.evaluate(() => (globalThis as unknown as { __samples: number[] }).__samples.length);
      await page.keyboard.press(key);
      await page.waitForFunction((n) => (globalThis as unknown as { __samples: number[] }).__samples.length > n, before);
    };
    const series = async (keys: string[]) => {
      await page.evaluate(() => {
        const w = globalThis as unknown as { __samples: number[]; __work: number[]; __render: number[] };
        w.__samples = [];
        w.__work = [];
        w.__render = [];
      });
      for (const key of keys) await press(key);
      return page.evaluate(() => {
        const w = globalThis as unknown as { __samples: number[]; __work: number[]; __render: number[] };
        return { samples: w.__samples, work: w.__work, render: w.__render };
      });
    };
    await series(ROUND); // warm-up, unmeasured (JIT, first layouts of the rows)
    const measured: string[] = [];
    for (let r = 0; r < rounds; r++) measured.push(...ROUND);
    const { samples, work, render } = await series(measured);
    // The floor: keys that move the caret and change nothing the app renders.
    const idle = await series(measured.map((_, i) => (i % 2 ? 'ArrowRight' : 'ArrowLeft')));
    const workSorted = [...work].sort((a, b) => a - b);
    const renderSorted = [...render].sort((a, b) => a - b);
    const idleSorted = [...idle.samples].sort((a, b) => a - b);
    await count.filter({ hasText: /^5000 computes$/ }).waitFor();
    const domRows = await page.locator('.target-row').count();
    const sorted = [...samples].sort((a, b) => a - b);
    return {
      computes: 5000,
      keystrokes: samples.length,
      p50Ms: quantile(sorted, 0.5),
      p95Ms: quantile(sorted, 0.95),
      maxMs: sorted.at(-1) ?? 0,
      overOneFrame: samples.filter((s) => s > 1000 / 60).length,
      scriptP50Ms: quantile(workSorted, 0.5),
      scriptP95Ms: quantile(workSorted, 0.95),
      frameP50Ms: quantile(renderSorted, 0.5),
      frameP95Ms: quantile(renderSorted, 0.95),
      idleP50Ms: quantile(idleSorted, 0.5),
      idleP95Ms: quantile(idleSorted, 0.95),
      domRows,
    };
  } finally {
    await browser?.close();
    await web.close();
    await rm(outDir, { recursive: true, force: true });
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const rounds = Number(process.argv[2] ?? 2);
  console.log(JSON.stringify(await filterLatency(rounds)));
}
