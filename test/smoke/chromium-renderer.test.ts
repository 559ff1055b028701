// Smoke test of headless Chromium (the Debian package, driven by playwright-core) on the built
// renderer: dist/renderer served over loopback HTTP renders into #root with no console errors,
// uncaught exceptions or failed requests. Needs `npm run build` first (npm test does it).
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { collectPageProblems, launchChromium } from '../support/chromium';
import { serveDirectory, type StaticServer } from '../support/static-server';

const BUILT_RENDERER = 'dist/renderer';

let server: StaticServer;
let browser: Browser;
before(async () => {
  assert.ok(existsSync(`${BUILT_RENDERER}/index.html`), `${BUILT_RENDERER}/index.html is missing: run \`npm run build\` first`);
  server = await serveDirectory(BUILT_RENDERER);
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

test('the built renderer renders into #root without errors', async () => {
  const page = await browser.newPage();
  const problems = collectPageProblems(page);

  await page.goto(`${server.url}/index.html`, { waitUntil: 'load' });
  // React renders after load: wait until #root shows some text.
  await page.locator('#root').filter({ hasText: /\S/ }).waitFor({ timeout: 10_000 });

  assert.equal(await page.title(), 'GameLift Connect');
  const rendered = await page.locator('#root').innerText();
  assert.match(rendered, /\S/, 'nothing visible rendered into #root');
  // base './' in vite.config.ts: bundles load relative to the page, as under app://bundle/ in Electron.
  const scripts = await page.locator('script[type="module"]').all();
  const scriptSources = await Promise.all(scripts.map((script) => script.getAttribute('src')));
  assert.ok(scriptSources.length > 0 && scriptSources.every((src) => src?.startsWith('./assets/')), String(scriptSources));
  assert.deepEqual(problems, []);
});
