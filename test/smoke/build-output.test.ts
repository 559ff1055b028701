// What `npm run build` (scripts/build.js) must produce for Electron, checked on the real output:
// a CommonJS main with electron left external, a self-contained sandbox-compatible preload, and
// a renderer whose assets load relative to the page. Needs `npm run build` first (npm test does it).
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import { Script } from 'node:vm';

function built(path: string): string {
  assert.ok(existsSync(path), `${path} is missing: run \`npm run build\` first`);
  return readFileSync(path, 'utf8');
}

/** Every module a CommonJS bundle still require()s at run time. */
function requiredModules(code: string): string[] {
  return [...code.matchAll(/\brequire\(\s*["']([^"']+)["']\s*\)/g)].map((match) => match[1] ?? '');
}

test('main is one CommonJS file that leaves electron to the runtime', () => {
  const code = built('dist/electron/main.cjs');
  assert.doesNotThrow(() => new Script(code, { filename: 'main.cjs' }), 'not valid CommonJS script syntax');
  assert.ok(requiredModules(code).includes('electron'), 'electron is not required at run time');
  assert.doesNotMatch(code, /^import\s/m, 'ES module syntax left in a .cjs file');
});

test('preload is one self-contained file requiring nothing but electron (sandbox-compatible)', () => {
  const code = built('dist/preload/index.cjs');
  assert.doesNotThrow(() => new Script(code, { filename: 'index.cjs' }), 'not valid CommonJS script syntax');
  assert.deepEqual([...new Set(requiredModules(code))], ['electron']);
});

test('renderer index.html loads its assets relative to itself', () => {
  const html = built('dist/renderer/index.html');
  const sources = [...html.matchAll(/\s(?:src|href)="([^"]+)"/g)].map((match) => match[1] ?? '');
  assert.ok(sources.some((source) => /^\.\/assets\/.+\.js$/.test(source)), `no ./assets/*.js in ${sources.join(', ')}`);
  for (const source of sources) assert.ok(source.startsWith('./'), `${source} is not relative: the same files must load under app://bundle/ and in web mode`);
  for (const source of sources) assert.ok(existsSync(`dist/renderer/${source}`), `${source} was not emitted`);
});
