// What never reaches the log: every line is passed through redact() as a whole, after it is
// composed, so a secret inside a message, a field or an error's text is caught wherever it sits.
// The shapes are those of the secrets the daemon handles (AWS credentials and session tokens,
// PEM private keys, the local API's bearer token, Session Manager's TokenValue, passwords).
const MASK = '***';

/** Field names whose values are never written, whatever they hold. */
export const SECRET_FIELD = /secret|token|password|passwd|credential|private.?key|authorization/i;

const RULES: Array<[RegExp, string]> = [
  // A PEM private key, whole (or to the end of the line when it was cut short).
  [/-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----[\s\S]*?(?:-----END [A-Z0-9 ]*PRIVATE KEY-----|$)/g, `[private key ${MASK}]`],
  // `Authorization: Bearer x`, `bearer.<token>` (the local API's WebSocket subprotocol).
  [/\b(bearer)([\s.:=]+)[A-Za-z0-9._~+/=-]+/gi, `$1$2${MASK}`],
  // key=value and "key": "value" pairs whose key names a secret (TokenValue, SessionToken, Password, …).
  [/("?[\w-]*(?:secret|token|password|passwd|private.?key)[\w-]*"?\s*[:=]\s*)("(?:[^"\\]|\\.)*"|'[^']*'|[^\s,;}&]+)/gi, `$1${MASK}`],
  // RDP clients' password arguments (/p:…, /gp:…, /pth:…, /password:…).
  [/(^|\s)(\/(?:p|gp|pth|password):)\S+/gi, `$1$2${MASK}`],
  // AWS session tokens and other long base64 runs (a session token is hundreds of characters).
  [/[A-Za-z0-9+/]{64,}={0,2}/g, MASK],
  // An AWS secret access key: exactly 40 characters of base64 alphabet, standing alone.
  [/(?<![A-Za-z0-9+/=])[A-Za-z0-9+/]{40}(?![A-Za-z0-9+/=])/g, MASK],
];

export function redact(text: string): string {
  let out = text;
  for (const [pattern, replacement] of RULES) out = out.replace(pattern, replacement);
  return out;
}
