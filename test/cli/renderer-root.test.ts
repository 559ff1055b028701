// ensureRendererBuilt (main/cli/renderer-root.ts): `web` and `npm run sandbox` build the UI on a
// fresh clone instead of refusing. Real build scripts in a throw-away package root.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { ensureRendererBuilt } from '../../main/cli/renderer-root';
import { CliError } from '../../main/cli/cli-error';

async function packageRoot(buildScript: string | null): Promise<{ packageRoot: string; rendererRoot: string; done(): Promise<void> }> {
  const root = await mkdtemp(join(tmpdir(), 'glc-renderer-root-'));
  if (buildScript !== null) {
    await mkdir(join(root, 'scripts'));
    await writeFile(join(root, 'scripts/build.js'), buildScript);
  }
  return { packageRoot: root, rendererRoot: join(root, 'dist/renderer'), done: () => rm(root, { recursive: true, force: true }) };
}

const BUILDS = `const fs = require('node:fs');
fs.mkdirSync('dist/renderer', { recursive: true });
fs.writeFileSync('dist/renderer/index.html', '<!doctype html>');
fs.appendFileSync('builds.log', 'built\\n');
console.log('build: renderer done');`;

function capture(): { stream: PassThrough; text(): string } {
  const stream = new PassThrough();
  let text = '';
  stream.on('data', (c: Buffer) => (text += c.toString()));
  return { stream, text: () => text };
}

test('a missing UI is built once, with the build output on the log stream; a built one is left alone', async () => {
  const root = await packageRoot(BUILDS);
  try {
    const log = capture();
    ensureRendererBuilt(log.stream, root);
    assert.ok(existsSync(join(root.rendererRoot, 'index.html')));
    assert.match(log.text(), /building the app first[\s\S]*build: renderer done/);
    ensureRendererBuilt(capture().stream, root);
    assert.equal((await import('node:fs')).readFileSync(join(root.packageRoot, 'builds.log'), 'utf8'), 'built\n');
  } finally {
    await root.done();
  }
});

test('a failing build is a clear CLI error; an installation without the build script says so', async () => {
  const failing = await packageRoot("console.error('vite: boom'); process.exit(3);");
  const installed = await packageRoot(null);
  try {
    const log = capture();
    assert.throws(() => ensureRendererBuilt(log.stream, failing), (e: Error) => e instanceof CliError && /building the web UI failed \(exit 3\)/.test(e.message));
    assert.match(log.text(), /vite: boom/);
    assert.throws(() => ensureRendererBuilt(capture().stream, installed), (e: Error) => e instanceof CliError && /missing from this installation/.test(e.message));
  } finally {
    await failing.done();
    await installed.done();
  }
});
