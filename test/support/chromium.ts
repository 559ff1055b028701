/**
 * launchChromium(): headless Chromium from the Debian package (/usr/bin/chromium), driven by
 * playwright-core, for renderer tests. No browser download is ever needed.
 *
 *   const browser = await launchChromium();
 *   after(() => browser.close());
 *   const page = await browser.newPage();
 *   const problems = collectPageProblems(page);   // console errors, uncaught exceptions, failed requests
 *   await page.goto(url);
 *   assert.deepEqual(problems, []);
 *
 * Each launch gets a fresh, throw-away profile (Playwright creates a temporary user-data-dir
 * for launch() and deletes it on close). Needs chromium (test/env/system-packages.sh).
 */
import { chromium, type Browser, type Page } from 'playwright-core';

const CHROMIUM = '/usr/bin/chromium';

const QUIET_FLAGS = [
  '--headless',
  '--no-sandbox', // root in CI and containers; the sandbox needs user namespaces
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking', // no calls home: tests only talk to loopback
  '--disable-component-update',
  '--disable-sync',
];

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: QUIET_FLAGS, timeout: 30_000 });
}

/** Starts recording what should fail a renderer test; the returned array fills in as the page runs. */
export function collectPageProblems(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`uncaught: ${error.message}`));
  page.on('requestfailed', (request) => problems.push(`request failed: ${request.url()} (${request.failure()?.errorText ?? '?'})`));
  return problems;
}
