// The tail of an RDP client's stderr: the reason a failed session shows. Bounded, because a client
// may run for hours, and redacted, because the reason travels in events, notifications and the
// window: the password handed to the client and anything spelled like a FreeRDP password argument
// never come out of here.
import type { ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import type { Readable } from 'node:stream';

/** Characters kept of the most recent output, in whole lines. */
const KEEP_CHARS = 16 * 1024;
const TAIL_LINES = 3;
/** Raw lines looked at for those: blank and prompt-only lines fall away. */
const RAW_LINES = 20;
const LINE_CHARS = 240;
/** After the process exits, how long its stderr may take to deliver what it still holds. */
const DRAIN_MS = 500;

/** FreeRDP's password-bearing arguments: /p:, /gp: (gateway), /pth: (pass-the-hash), /password:. */
const PASSWORD_ARGUMENT = /(\/(?:p|gp|pth|password)):\S*/gi;
/** FreeRDP's log prefix ("[04:55:01:705] [8148:8149] [ERROR][com.freerdp.core] - "), noise to a user. */
const LOG_PREFIX = /^(\[[^\]]*\]\s*)+-?\s*/;
/** A prompt written before the line it shares (xfreerdp asks "Password: " and reads stdin). */
const PROMPT = /^(Password|Domain|Username):\s*/i;

/**
 * Replaces `secret` in text without keeping a copy of it for as long as the client runs: only a
 * salted digest and the length stay in memory, and each same-length substring is compared by
 * digest. The text is a few short lines, so the cost does not matter.
 */
export function secretRedactor(secret: string | undefined): (text: string) => string {
  if (!secret) return (text) => text;
  const salt = randomBytes(16);
  const digest = (s: string) => createHash('sha256').update(salt).update(s, 'utf8').digest();
  const target = digest(secret);
  const length = secret.length;
  return (text) => {
    let out = '';
    let i = 0;
    while (i + length <= text.length) {
      if (digest(text.slice(i, i + length)).equals(target)) {
        out += '***';
        i += length;
      } else {
        out += text[i];
        i += 1;
      }
    }
    return out + text.slice(i);
  };
}

/**
 * Collects `stream` (a client's stderr) and returns a reader of its last few lines, each redacted,
 * then stripped of log prefixes and prompts, then shortened. Only whole lines are kept, so a trimmed
 * buffer never starts with the tail half of a secret that redaction could no longer recognise.
 */
export function collectErrorOutput(stream: Readable | null, secret?: string): () => string[] {
  if (!stream) return () => [];
  const redactSecret = secretRedactor(secret);
  let kept = '';
  // Inside a line whose start was trimmed away: skip until it ends.
  let skippingLine = false;
  stream.setEncoding('utf8');
  stream.on('data', (chunk: string) => {
    if (skippingLine) {
      const newline = chunk.indexOf('\n');
      if (newline === -1) return;
      skippingLine = false;
      chunk = chunk.slice(newline + 1);
    }
    kept += chunk;
    if (kept.length <= KEEP_CHARS) return;
    const trimmed = kept.slice(kept.length - KEEP_CHARS);
    const newline = trimmed.indexOf('\n');
    kept = newline === -1 ? '' : trimmed.slice(newline + 1);
    skippingLine = newline === -1;
  });
  stream.on('error', () => {});
  return () =>
    kept
      .split('\n')
      .slice(-RAW_LINES)
      // Redact before anything else touches a line, so no stripping can split a secret.
      .map((line) => redactSecret(line).replace(PASSWORD_ARGUMENT, '$1:***'))
      .map((line) => line.replace(PROMPT, '').replace(LOG_PREFIX, '').trim())
      .filter((line) => line.length > 0)
      .slice(-TAIL_LINES)
      .map((line) => (line.length > LINE_CHARS ? `${line.slice(0, LINE_CHARS - 1)}…` : line));
}

/**
 * The process's exit code (null when killed by a signal or never started), reported once its
 * output has been read: on 'close', or shortly after 'exit' when a grandchild that inherited the
 * pipe keeps it open.
 */
export function exitCodeOf(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    child.once('close', (code: number | null) => resolve(code));
    child.once('exit', (code) => setTimeout(() => resolve(code), DRAIN_MS).unref());
    child.once('error', () => resolve(null));
  });
}
