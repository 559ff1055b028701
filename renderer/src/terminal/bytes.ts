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
