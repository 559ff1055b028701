// One error type for the whole UI: whatever went wrong (the daemon refused, the transport broke,
// a response did not match the contract) reaches a view as the contract's ConnectError, with
// words to show.
import { ApiError, ConnectError } from '../../../preload/contract';

export { ConnectError };

/** Any thrown value as a ConnectError, so views never show "[object Object]" or a stack. */
export function toConnectError(error: unknown): ConnectError {
  if (error instanceof ConnectError) return error;
  const parsed = ApiError.safeParse(error);
  if (parsed.success) return new ConnectError(parsed.data);
  const message = error instanceof Error ? error.message : String(error);
  return new ConnectError({ code: 'Internal', message: message || 'Something went wrong.' });
}

/**
 * The daemon's words are shared with the CLI, and a few name a command-line flag ("pick another
 * with --local-port"). A window user has no command line: each flag becomes the control that
 * does the same here. Commands of other tools (`aws sso login --profile x`) are left as they are.
 */
const FLAG_PHRASES: ReadonlyArray<readonly [RegExp, string]> = [
  [/pick another with --local-port, or omit it for a free one/g, 'pick another local port, or leave Local port empty for a free one'],
  [/--local-port\b/g, 'the Local port field'],
  [/allow overwriting it \(--overwrite\)/g, 'choose Overwrite'],
  [/--(?:open-port|auto-open-ports)\b/g, '"Open it for my address"'],
  [/--profile\b(?: (?!to\b|or\b|and\b)[\w@+-]+(?:\.[\w@+-]+)*)?/g, 'the profile picker in the top bar'],
  [/--region\b(?: [a-z]{2}(?:-[a-z]+)+-\d+)?/g, 'the Region picker in the top bar'],
  [/--refresh\b/g, 'the Refresh button'],
  [/--location\b(?: [a-z]{2}(?:-[a-z]+)+-\d+)?/g, 'the Location picker'],
];

/** A message or hint from the daemon in the window's terms: no CLI flags. */
export function windowWords(text: string): string {
  // Keep other tools' commands (e.g. "aws sso login --profile dev") whole: the user runs those.
  const parts = text.split(/(\baws [a-z0-9-]+(?: [a-z0-9-]+)?(?: --?[a-z][\w-]*(?: [^\s,;)]+)?)*)/g);
  return parts
    .map((part, i) => {
      if (i % 2 === 1) return part;
      let out = part;
      for (const [pattern, words] of FLAG_PHRASES) out = out.replace(pattern, words);
      // Any other flag: its name in words ("--credential-lifetime" → "the credential lifetime setting").
      return out.replace(/--([a-z][a-z-]*)/g, (_, name: string) => `the ${name.replace(/-/g, ' ')} setting`);
    })
    .join('');
}

/** A ConnectError worded for the window (see windowWords). */
export function forWindow(error: ConnectError): ConnectError {
  const message = windowWords(error.message);
  const hint = error.hint === undefined ? undefined : windowWords(error.hint);
  if (message === error.message && hint === error.hint) return error;
  return new ConnectError({ code: error.code, message, ...(hint !== undefined ? { hint } : {}) });
}
