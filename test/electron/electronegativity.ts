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
    const report = join(stage, 'report.csv');
    const cli = join(electronRoot, 'node_modules/@doyensec/electronegativity/dist/index.js');
    const run = spawnSync(
      process.execPath,
      // AvailableSecurityFixesGlobalCheck downloads Electron's release list; -e names the version instead.
      [cli, '-i', join(stage, 'app'), '-o', report, '-r', '-v', 'false', '-e', electronVersion(electronRoot), '-x', 'AvailableSecurityFixesGlobalCheck', '-p', 'typescript,jsx'],
      { encoding: 'utf8', timeout: 180_000 },
    );
    if (run.status !== 0) throw new Error(`electronegativity failed (${run.status}): ${run.stderr || run.stdout}`);
    const [, ...rows] = parseCsv(readFileSync(report, 'utf8'));
    return rows
      .filter((row) => row.length >= 7)
      .map(([id = '', severity = '', confidence = '', file = '', location = '0', , message = '']) => ({
        id,
        severity,
        confidence,
        file,
        line: Number(location.split(':')[0]) || 0,
        message,
      }));
  } finally {
    rmSync(stage, { recursive: true, force: true });
  }
}

/** RFC 4180 CSV (the report quotes fields that hold commas, quotes or newlines). */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  const endField = () => {
    row.push(field.trim());
    field = '';
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') endField();
    else if (c === '\n') {
      endField();
      rows.push(row);
      row = [];
    } else if (c !== '\r') field += c;
  }
  if (field || row.length) {
    endField();
    rows.push(row);
  }
  return rows;
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
