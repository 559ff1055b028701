// `gamelift-connect end <session-id>`: ends a session in the running daemon.
import type { Command } from '../command';
import { connectToDaemon } from '../../daemon/api/client';
import { CliError, UsageError } from '../cli-error';
import { asCliError } from './daemon-api';

export const endCommand: Command = {
  name: 'end',
  summary: 'End a session in the running daemon (its credentials are wiped at once).',
  usage: '<session-id>',
  async run(context) {
    const sessionId = context.positionals[0];
    if (!sessionId || context.positionals.length > 1) throw new UsageError('expected <session-id>');
    const client = await connectToDaemon();
    if (!client) throw new CliError('No daemon is running, so there is no session to end.');
    try {
      const { ended } = await client.call('endSession', { sessionId }).catch(asCliError);
      context.stdout.write(ended ? `Ended ${sessionId}.\n` : `${sessionId} had already ended.\n`);
      return 0;
    } finally {
      client.close();
    }
  },
};
