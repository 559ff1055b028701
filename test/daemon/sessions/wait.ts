// A session's terminal output so far, as the API events carried it.
import type { Harness } from '../harness';

export { waitFor } from '../../support/wait';

export const outputOf = (h: Harness, sessionId: string): string =>
  h.emitted
    .filter((e) => e.event === 'terminalData' && (e.payload as { sessionId: string }).sessionId === sessionId)
    .map((e) => Buffer.from((e.payload as { data: string }).data, 'base64').toString())
    .join('');
