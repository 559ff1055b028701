// The import boundaries of docs/architecture.md, as enforced by eslint.config.js: each fixture in
// test/fixtures/lint/ is linted as if it lived in a given folder, and exactly the lines marked
// `// ✗` must be reported by the rule under test: `boundaries/imports` (what a folder's runtime
// allows) or `boundaries/layers` (who may import whom in main/ and emulator/).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { ESLint } from 'eslint';

const repoRoot = join(import.meta.dirname, '../..');
const fixtures = join(repoRoot, 'test/fixtures/lint');
const BOUNDARY_RULE = 'boundaries/imports';
const LAYER_RULE = 'boundaries/layers';

const eslint = new ESLint({ cwd: repoRoot });

interface Linted {
  /** Lines the boundary rule reported, with its messages. */
  reported: Map<number, string>;
  /** Lines the fixture marks as crossings. */
  marked: number[];
}

async function lintAs(fixture: string, pretendPath: string, rule = BOUNDARY_RULE): Promise<Linted> {
  const code = readFileSync(join(fixtures, fixture), 'utf8');
  const [result] = await eslint.lintText(code, { filePath: join(repoRoot, pretendPath) });
  assert.ok(result, 'ESLint returned no result');
  const fatal = result.messages.filter((message) => message.fatal);
  assert.deepEqual(fatal, [], `${fixture} did not parse`);
  const reported = new Map<number, string>();
  for (const message of result.messages) {
    if (message.ruleId === rule) reported.set(message.line, message.message);
  }
  const marked = code.split('\n').flatMap((line, index) => (line.trimEnd().endsWith('// ✗') ? [index + 1] : []));
  return { reported, marked };
}

const crossings: Array<[fixture: string, pretendPath: string]> = [
  ['daemon-crossings.ts', 'main/daemon/x.ts'],
  ['cli-crossings.ts', 'main/cli/x.ts'],
  ['renderer-crossings.tsx', 'renderer/src/x.tsx'],
  ['preload-crossings.ts', 'preload/x.ts'],
  ['contract-crossings.ts', 'preload/contract.ts'],
];

for (const [fixture, pretendPath] of crossings) {
  test(`reports exactly the marked crossings in ${fixture} as ${pretendPath}`, async () => {
    const { reported, marked } = await lintAs(fixture, pretendPath);
    assert.ok(marked.length > 0, 'fixture marks nothing');
    assert.deepEqual([...reported.keys()].sort((a, b) => a - b), marked, [...reported.values()].join('\n'));
  });
}

const clean: Array<[fixture: string, pretendPath: string]> = [
  ['daemon-clean.ts', 'main/daemon/x.ts'],
  ['renderer-clean.tsx', 'renderer/src/x.tsx'],
  // The same imports are fine where the runtime allows them: electron in Electron's main process.
  ['daemon-crossings.ts', 'main/electron/x.ts'],
];

for (const [fixture, pretendPath] of clean) {
  test(`stays quiet on ${fixture} as ${pretendPath}`, async () => {
    const { reported } = await lintAs(fixture, pretendPath);
    assert.deepEqual([...reported.values()], []);
  });
}

test('names the boundary and the reason in its message', async () => {
  const { reported } = await lintAs('daemon-crossings.ts', 'main/daemon/x.ts');
  assert.match(reported.get(2) ?? '', /^'electron' crosses a boundary \(no electron\): main\/daemon\/ runs in plain Node/);
});

const layerCrossings: Array<[fixture: string, pretendPath: string]> = [
  ['layers-ssm-crossings.ts', 'main/daemon/ssm/x.ts'],
  ['layers-util-crossings.ts', 'main/daemon/util/x.ts'],
  ['layers-electron-crossings.ts', 'main/electron/x.ts'],
  ['layers-daemon-crossings.ts', 'main/daemon/web/web-mode.ts'],
  ['layers-emulator-crossings.ts', 'emulator/agent/x.ts'],
  ['layers-cli-crossings.ts', 'main/cli/x.ts'],
  ['layers-ssh-crossings.ts', 'main/daemon/ssh/x.ts'],
  ['layers-files-crossings.ts', 'main/daemon/files/x.ts'],
];

for (const [fixture, pretendPath] of layerCrossings) {
  test(`layers: reports exactly the marked crossings in ${fixture} as ${pretendPath}`, async () => {
    const { reported, marked } = await lintAs(fixture, pretendPath, LAYER_RULE);
    assert.ok(marked.length > 0, 'fixture marks nothing');
    assert.deepEqual([...reported.keys()].sort((a, b) => a - b), marked, [...reported.values()].join('\n'));
  });
}

const layerClean: Array<[fixture: string, pretendPath: string]> = [
  ['layers-sandbox-clean.ts', 'main/daemon/web/sandbox.ts'],
  ['daemon-clean.ts', 'main/daemon/x.ts'],
];

for (const [fixture, pretendPath] of layerClean) {
  test(`layers: stays quiet on ${fixture} as ${pretendPath}`, async () => {
    const { reported } = await lintAs(fixture, pretendPath, LAYER_RULE);
    assert.deepEqual([...reported.values()], []);
  });
}

test('layers: names the layer and the reason in its message', async () => {
  const { reported } = await lintAs('layers-ssm-crossings.ts', 'main/daemon/ssm/x.ts', LAYER_RULE);
  assert.match(reported.get(7) ?? '', /^'\.\.\/sessions\/registry' crosses a boundary \(not in the layer table for main\/daemon\/ssm\/\): ssm\/ is a self-contained/);
});
