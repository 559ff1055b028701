// Terminal bytes travel as base64 (contract: writeTerminal, terminalData, readTerminalBacklog).

/** writeTerminal accepts at most 64 KiB per call. */
export const MAX_WRITE_BYTES = 64 * 1024;

export function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

export function fromBase64(data: string): Uint8Array {
  const binary = atob(data);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** Keyboard or paste text as base64 chunks within the write limit. */
export function encodeInput(text: string): string[] {
  const bytes = new TextEncoder().encode(text);
  const chunks: string[] = [];
  for (let i = 0; i < bytes.length; i += MAX_WRITE_BYTES) chunks.push(toBase64(bytes.subarray(i, i + MAX_WRITE_BYTES)));
  return chunks;
}

function endsWith(whole: Uint8Array, tail: Uint8Array): boolean {
  if (tail.length > whole.length) return false;
  const offset = whole.length - tail.length;
  for (let i = 0; i < tail.length; i++) if (whole[offset + i] !== tail[i]) return false;
  return true;
}

function join(chunks: Uint8Array[]): Uint8Array {
  const joined = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const chunk of chunks) {
    joined.set(chunk, at);
    at += chunk.length;
  }
  return joined;
}

/**
 * Output events that arrived while the backlog was being read. Those received before the daemon
 * took its snapshot are already at the backlog's end: drop the longest such prefix, keep the rest.
 */
export function afterBacklog(backlog: Uint8Array, early: Uint8Array[]): Uint8Array[] {
  for (let k = early.length; k > 0; k--) {
    if (endsWith(backlog, join(early.slice(0, k)))) return early.slice(k);
  }
  return early;
}
