// The daemon's one log: a file in the app's data dir (0600 in a 0700 dir), rotated by size, one
// line per call: `<ISO time> <LEVEL> [<scope>] <message> key=value … error="…"`.
//
// Secrets stay out by construction: a call takes a message and flat fields of strings, numbers
// and booleans (anything else, an AWS credential object say, is written as `[object]`, never
// serialised); an error is reduced to its name, code and message (and stack at level error);
// fields whose name says secret, token, password, credential or private key are masked; and the
// composed line goes through redact() (redact.ts), which masks every secret shape it knows.
// Writing never throws: a log that cannot be written must not break what it describes.
import { appendFileSync, chmodSync, mkdirSync, renameSync, statSync, unlinkSync } from 'node:fs';
import { dirname } from 'node:path';
import { logFilePath } from '../paths';
import { redact, SECRET_FIELD } from './redact';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
/** What the line is about, e.g. `api`, `ssm`, `vault`, `sessions`, `ssh`, `daemon`. */
export type LogScope = string;
export type LogValue = string | number | boolean | null | undefined;
export type LogFields = Readonly<Record<string, LogValue>>;

export interface Logger {
  /** The file lines go to; null for a logger that writes no file. */
  readonly file: string | null;
  debug(scope: LogScope, message: string, fields?: LogFields, error?: unknown): void;
  info(scope: LogScope, message: string, fields?: LogFields, error?: unknown): void;
  warn(scope: LogScope, message: string, fields?: LogFields, error?: unknown): void;
  error(scope: LogScope, message: string, fields?: LogFields, error?: unknown): void;
}

const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export interface FileLoggerOptions {
  /** The log file; rotated copies are `<file>.1` (newest) … `<file>.<files - 1>`. */
  file: string;
  /** Rotate before a line would take the file past this size (default 5 MiB). */
  maxBytes?: number;
  /** Files kept, the current one included (default 3). */
  files?: number;
  /** Lines below this level are not written (default info). */
  level?: LogLevel;
  /** Also hands every written line here (`--verbose`: stderr). */
  mirror?: (line: string) => void;
  /** The mirror's own threshold (default: the file's). */
  mirrorLevel?: LogLevel;
  now?: () => Date;
}

export const LOG_MAX_BYTES = 5 * 1024 * 1024;
export const LOG_FILES = 3;

/** A field value as written: plain values as they are, anything else never serialised. */
function fieldText(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  return '[object]';
}

const quoted = (text: string): string => (/^[^\s"=\\]+$/.test(text) ? text : JSON.stringify(text));

/** An error as a line can carry it: name, code and message; the stack only when asked. */
function errorText(error: unknown, withStack: boolean): string {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    const head = `${error.name}${typeof code === 'string' ? ` (${code})` : ''}: ${error.message}`;
    const cause = error.cause !== undefined ? ` ← ${errorText(error.cause, false)}` : '';
    return withStack && error.stack ? `${head}${cause}\n${error.stack.split('\n').slice(1).join('\n')}` : `${head}${cause}`;
  }
  return typeof error === 'string' ? error : fieldText(error);
}

/** The one line a call writes (with its newline), secrets redacted. */
export function formatLine(at: Date, level: LogLevel, scope: LogScope, message: string, fields: LogFields = {}, error?: unknown): string {
  // Each piece is redacted as it is (before quoting escapes it), then the line as a whole.
  const parts = [at.toISOString(), level.toUpperCase().padEnd(5), `[${scope}]`, redact(message).replace(/\s*\n\s*/g, ' ')];
  for (const [name, value] of Object.entries(fields)) {
    if (value === undefined) continue;
    parts.push(`${name}=${SECRET_FIELD.test(name) ? '***' : quoted(redact(fieldText(value)))}`);
  }
  if (error !== undefined) parts.push(`error=${quoted(redact(errorText(error, level === 'error')))}`);
  return `${redact(parts.join(' '))}\n`;
}

/** Moves file → file.1 → … → file.(files-1), dropping the oldest. */
function rotate(file: string, files: number): void {
  if (files === 1) {
    try {
      unlinkSync(file);
    } catch {
      // already gone
    }
    return;
  }
  for (let i = files - 1; i >= 1; i--) {
    const from = i === 1 ? file : `${file}.${i - 1}`;
    try {
      if (i === files - 1) unlinkSync(`${file}.${i}`);
    } catch {
      // nothing to drop yet
    }
    try {
      renameSync(from, `${file}.${i}`);
    } catch {
      // nothing to move yet
    }
  }
}

class FileLogger implements Logger {
  readonly file: string;
  private readonly maxBytes: number;
  private readonly files: number;
  private readonly level: number;
  private readonly mirrorLevel: number;
  private readonly now: () => Date;
  /** Set once this process made sure of the dir and of the file's mode. */
  private checked = false;

  constructor(private readonly opts: FileLoggerOptions) {
    this.file = opts.file;
    this.maxBytes = opts.maxBytes ?? LOG_MAX_BYTES;
    this.files = Math.max(1, opts.files ?? LOG_FILES);
    this.level = RANK[opts.level ?? 'info'];
    this.mirrorLevel = RANK[opts.mirrorLevel ?? opts.level ?? 'info'];
    this.now = opts.now ?? (() => new Date());
  }

  debug(scope: LogScope, message: string, fields?: LogFields, error?: unknown): void {
    this.write('debug', scope, message, fields, error);
  }
  info(scope: LogScope, message: string, fields?: LogFields, error?: unknown): void {
    this.write('info', scope, message, fields, error);
  }
  warn(scope: LogScope, message: string, fields?: LogFields, error?: unknown): void {
    this.write('warn', scope, message, fields, error);
  }
  error(scope: LogScope, message: string, fields?: LogFields, error?: unknown): void {
    this.write('error', scope, message, fields, error);
  }

  private write(level: LogLevel, scope: LogScope, message: string, fields?: LogFields, error?: unknown): void {
    const rank = RANK[level];
    const toFile = rank >= this.level;
    const toMirror = this.opts.mirror !== undefined && rank >= this.mirrorLevel;
    if (!toFile && !toMirror) return;
    let line: string;
    try {
      line = formatLine(this.now(), level, scope, message, fields, error);
    } catch {
      return;
    }
    if (toFile) this.append(line);
    if (toMirror) {
      try {
        this.opts.mirror?.(line);
      } catch {
        // a closed stderr is no reason to fail
      }
    }
  }

  private append(line: string): void {
    try {
      if (!this.checked) mkdirSync(dirname(this.file), { recursive: true, mode: 0o700 });
      let size = -1;
      try {
        size = statSync(this.file).size;
      } catch {
        // no file yet
      }
      if (size > 0 && size + Buffer.byteLength(line) > this.maxBytes) {
        rotate(this.file, this.files);
        size = -1;
      }
      appendFileSync(this.file, line, { mode: 0o600 });
      // New files are created 0600; one that pre-existed with wider permissions is narrowed.
      if (!this.checked || size < 0) chmodSync(this.file, 0o600);
      this.checked = true;
    } catch {
      // unwritable (disk full, dir removed): the daemon goes on without its log
    }
  }
}

export function fileLogger(opts: FileLoggerOptions): Logger {
  return new FileLogger(opts);
}

/** Writes nothing (hosts and tests that want no file); `mirror` still gets the lines when given. */
export function quietLogger(mirror?: (line: string) => void, level: LogLevel = 'info'): Logger {
  const rank = RANK[level];
  const write = (lvl: LogLevel) => (scope: LogScope, message: string, fields?: LogFields, error?: unknown) => {
    if (!mirror || RANK[lvl] < rank) return;
    try {
      mirror(formatLine(new Date(), lvl, scope, message, fields, error));
    } catch {
      // as above
    }
  };
  return { file: null, debug: write('debug'), info: write('info'), warn: write('warn'), error: write('error') };
}

/** The daemon's default log: `<dataDir>/logs/gamelift-connect.log` (paths.ts). */
export function dataDirLogger(dataDir: string, opts: Omit<FileLoggerOptions, 'file'> = {}): Logger {
  return fileLogger({ ...opts, file: logFilePath(dataDir) });
}
