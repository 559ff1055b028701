// The built Electron main process (dist/electron/main.cjs, from `npm run build`) will run from a
// packaged app that holds production dependencies only: it may require nothing else — no dev
// tooling, no test code (the sandbox's emulator stays out of the bundle).
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { test } from 'node:test';

const BUNDLE = 'dist/electron/main.cjs';

test('the main bundle requires only electron, Node built-ins and production dependencies', () => {
  assert.ok(existsSync(BUNDLE), `${BUNDLE} is missing: run \`npm run build\` first`);
  const code = readFileSync(BUNDLE, 'utf8');
  const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { dependencies: Record<string, string> };
  const required = [...new Set([...code.matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1] ?? ''))];
  const packageOf = (name: string) => (name.startsWith('@') ? name.split('/').slice(0, 2).join('/') : (name.split('/')[0] ?? name));
  const allowed = (name: string) =>
    name === 'electron' || name.startsWith('node:') || builtinModules.includes(name) || Object.hasOwn(pkg.dependencies, packageOf(name));
  assert.deepEqual(required.filter((name) => !allowed(name)), []);
  assert.ok(!code.includes('function startEmulator'), 'the emulator is not bundled');
});
