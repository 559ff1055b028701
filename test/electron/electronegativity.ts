// Runs Doyensec's electronegativity over the code that makes up the desktop app (main/electron,
// preload, renderer) and returns its findings. `npm run security` prints them and fails on any
// high or medium finding that is not reviewed below; test/electron/electronegativity.test.ts
// asserts the same in the test suite.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Finding {
  id: string;
  severity: string;
  confidence: string;
  file: string;
  line: number;
  message: string;
}

/**
 * Findings a person reviewed and accepted, by check and file, with the reason. Keep this short:
 * a new call site of the same kind is a new finding.
 */
export const REVIEWED: ReadonlyArray<{ id: string; file: string; why: string }> = [
  {
    id: 'OPEN_EXTERNAL_JS_CHECK',
    file: 'main/electron/external-links.ts',
    why: 'the only shell.openExternal call; the URL passes isAllowedExternalUrl on the line before',
  },
  {
    id: 'OPEN_EXTERNAL_JS_CHECK',
    file: 'renderer/src/components/TerminalView.tsx',
    why: 'the contract method openExternal (not shell), called only after isAllowedExternalUrl; the daemon checks again',
  },
  {
    id: 'PRELOAD_JS_CHECK',
    file: 'main/electron/window.ts',
    why: 'the one preload (preload/index.ts): contextBridge exposes per-method invokes and on(event) only, never ipcRenderer',
  },
];

/** The Electron release the app ships (package.json devDependency), so version checks are offline. */
function electronVersion(root: string): string {
  const pkg = JSON.parse(readFileSync(join(root, 'node_modules/electron/package.json'), 'utf8')) as { version: string };
  return pkg.version;
}

/** The code that makes up the desktop app. */
export const APP_PARTS = ['main/electron', 'preload', 'renderer/src', 'renderer/index.html'];

export function runElectronegativity(root = process.cwd(), parts = APP_PARTS, electronRoot = root): Finding[] {
  // One input tree holding exactly the app's code, so global checks (CSP, navigation limits,
  // permission handlers) see main, preload and renderer together — and nothing else.
  const stage = mkdtempSync(join(tmpdir(), 'electronegativity-'));
  try {
    for (const part of parts) {
      cpSync(join(root, part), join(stage, 'app', part), { recursive: true });
    }
    // Its runner is called in a child process that writes the findings as JSON, synchronously: its CLI writes
    // the CSV report with two unordered async writes (the header truncates the file), so a
    // report could come back with no findings at all (seen in a loaded CI run).
    const runner = join(electronRoot, 'node_modules/@doyensec/electronegativity/dist/runner.js');
    const options = {
      input: join(stage, 'app'),
      isSarif: false,
      customScan: [],
      // AvailableSecurityFixesGlobalCheck downloads Electron's release list; the version is named instead.
      excludeFromScan: ['availablesecurityfixesglobalcheck'],
      isRelative: true,
      isVerbose: false,
      electronVersionOverride: electronVersion(electronRoot),
      parserPlugins: ['typescript', 'jsx'],
    };
    const findings = join(stage, 'findings.json');
    const script = `
      const run = require(${JSON.stringify(runner)});
      run(${JSON.stringify(options)}).then((result) => {
        if (result.errors.some((e) => !e.tolerable)) throw new Error(JSON.stringify(result.errors));
        require('node:fs').writeFileSync(${JSON.stringify(findings)}, JSON.stringify(result.issues.map((i) => ({
          id: i.id, severity: i.severity.name, confidence: i.confidence.name, file: i.file,
          line: (i.location && i.location.line) || 0, message: i.description,
        }))));
      }).catch((error) => { console.error(error); process.exit(1); });`;
    const run = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', timeout: 180_000, maxBuffer: 64 * 1024 * 1024 });
    if (run.status !== 0) throw new Error(`electronegativity failed (${run.status}): ${run.stderr || run.stdout}`);
    return JSON.parse(readFileSync(findings, 'utf8')) as Finding[];
  } finally {
    rmSync(stage, { recursive: true, force: true });
  }
}

export const isBlocking = (f: Finding): boolean =>
  /^(high|medium)$/i.test(f.severity) && !REVIEWED.some((r) => r.id === f.id && f.file.endsWith(r.file));

if (import.meta.url === `file://${process.argv[1]}`) {
  const findings = runElectronegativity();
  for (const f of findings) console.log(`${isBlocking(f) ? 'BLOCKING' : 'ok      '} ${f.severity}/${f.confidence} ${f.id} ${f.file}:${f.line} ${f.message}`);
  const blocking = findings.filter(isBlocking);
  console.log(blocking.length ? `${blocking.length} high/medium finding(s) to fix.` : 'electronegativity: no unreviewed high or medium findings.');
  process.exitCode = blocking.length ? 1 : 0;
}
