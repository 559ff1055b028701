// Opening the data-channel WebSocket (docs/reference/ssm-data-channel.md §2.2–2.3, §17): an RFC 6455
// connection to StreamUrl exactly as returned — no Origin, no compression, only the SigV4 headers
// the caller signed it with — whose first frame is the OpenDataChannelInput text frame carrying
// the token, then a "keepalive" ping.
import { randomUUID } from 'node:crypto';
import WebSocket from 'ws';

const HANDSHAKE_TIMEOUT_MS = 45_000;

export interface OpenDataChannelInput {
  streamUrl: string;
  /** Upgrade request headers: the SigV4 signature of this URL (upgrade-signer.ts), or none. */
  headers?: Record<string, string>;
  tokenValue: string;
  /** Once per client instance, the same on every reconnect. */
  clientId: string;
  clientVersion: string;
  /** Aborts a connection attempt in progress. */
  signal: AbortSignal;
}

/** Resolves with an open socket that has sent its first frame; rejects (and cleans up) otherwise. */
export function openDataChannelSocket(input: OpenDataChannelInput): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(input.streamUrl, {
      perMessageDeflate: false,
      handshakeTimeout: HANDSHAKE_TIMEOUT_MS,
      ...(input.headers ? { headers: input.headers } : {}),
    });
    socket.binaryType = 'nodebuffer';
    const fail = (error: Error) => {
      input.signal.removeEventListener('abort', onAbort);
      socket.removeAllListeners();
      socket.on('error', () => {});
      socket.terminate();
      reject(error);
    };
    const onAbort = () => fail(new Error('session closed while connecting'));
    input.signal.addEventListener('abort', onAbort, { once: true });
    socket.once('unexpected-response', (_req, res) => fail(new Error(`data channel refused the connection (HTTP ${res.statusCode ?? '?'})`)));
    socket.once('error', fail);
    socket.once('close', () => fail(new Error('data channel closed during connect')));
    socket.once('open', () => {
      input.signal.removeEventListener('abort', onAbort);
      socket.removeAllListeners();
      socket.on('error', () => {}); // until the caller listens: a late error must not crash the process
      // The token travels only in this frame: never in a URL, a header or a log line.
      socket.send(JSON.stringify({
        MessageSchemaVersion: '1.0',
        RequestId: randomUUID(),
        TokenValue: input.tokenValue,
        ClientId: input.clientId,
        ClientVersion: input.clientVersion,
      }), (error) => (error ? fail(error) : resolve(socket)));
      socket.ping('keepalive');
    });
  });
}
