// triage/'s row of the layer table (docs/architecture.md, eslint.config.js boundaries/layers):
// test/fixtures/lint/layers-triage-crossings.ts linted as main/daemon/triage/x.ts reports exactly
// its marked lines, and the real triage/ folder lints clean.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { ESLint } from 'eslint';

const repoRoot = join(import.meta.dirname, '../../..');
const eslint = new ESLint({ cwd: repoRoot });

test('triage/ may import the foundation, aws/, identity/ and discovery/, and nothing else of the daemon', async () => {
  const code = readFileSync(join(repoRoot, 'test/fixtures/lint/layers-triage-crossings.ts'), 'utf8');
  const [result] = await eslint.lintText(code, { filePath: join(repoRoot, 'main/daemon/triage/x.ts') });
  assert.deepEqual(result!.messages.filter((m) => m.fatal), []);
  const reported = result!.messages.filter((m) => m.ruleId === 'boundaries/layers').map((m) => m.line);
  const marked = code.split('\n').flatMap((line, i) => (line.trimEnd().endsWith('// ✗') ? [i + 1] : []));
  assert.equal(marked.length, 5);
  assert.deepEqual(reported, marked);
});

test('the triage/ folder itself keeps to its layer', async () => {
  const results = await eslint.lintFiles(['main/daemon/triage/']);
  const layerMessages = results.flatMap((r) => r.messages.filter((m) => m.ruleId?.startsWith('boundaries/')).map((m) => `${r.filePath}:${m.line} ${m.message}`));
  assert.deepEqual(layerMessages, []);
  assert.ok(results.length >= 7, `linted ${results.length} files`);
});
