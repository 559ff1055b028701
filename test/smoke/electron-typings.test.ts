// main/electron/ type-checks against the typings Electron ships (node_modules/electron/
// electron.d.ts), resolved through tsconfig.json — no Electron binary involved.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import ts from 'typescript';

const repoRoot = join(import.meta.dirname, '../..');

test("tsconfig.json resolves 'electron' from main/electron/ to Electron's bundled electron.d.ts", () => {
  const configFile = ts.readConfigFile(join(repoRoot, 'tsconfig.json'), (path) => ts.sys.readFile(path));
  assert.equal(configFile.error, undefined);
  const { options, fileNames } = ts.parseJsonConfigFileContent(configFile.config, ts.sys, repoRoot);
  assert.ok(
    fileNames.some((file) => file.includes('/main/electron/')),
    'tsconfig.json does not include main/electron/',
  );
  const { resolvedModule } = ts.resolveModuleName('electron', join(repoRoot, 'main/electron/main.ts'), options, ts.sys);
  assert.equal(resolvedModule?.resolvedFileName, join(repoRoot, 'node_modules/electron/electron.d.ts'));
});
