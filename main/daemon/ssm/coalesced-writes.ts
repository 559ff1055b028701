// Many small writes in one event-loop turn become one system call. A WebSocket message delivers
// ~64 data-channel frames per socket read; each one used to cost its own write to the local
// socket (smux data) and its own write to the WebSocket (its ack). Corking a socket at its first
// write in a turn and uncorking it on the next tick hands the kernel the whole turn's bytes with
// one writev, without delaying anything past the current turn.
import type { Writable } from 'node:stream';

const corked = new WeakSet<Writable>();

/** Writes `data` to `stream`, coalesced with the other writes of this turn. Returns write()'s result. */
export function writeCoalesced(stream: Writable, data: Uint8Array): boolean {
  corkForThisTurn(stream);
  return stream.write(data);
}

/** Corks `stream` until the end of this turn (once per turn, however often it is called). */
export function corkForThisTurn(stream: Writable): void {
  if (corked.has(stream)) return;
  corked.add(stream);
  stream.cork();
  process.nextTick(() => {
    corked.delete(stream);
    stream.uncork();
  });
}
