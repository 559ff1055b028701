// `gamelift-connect sessions`: the running daemon's sessions with their state and expiry.
import type { Session } from '../../../preload/contract';
import type { Command } from '../command';
import { connectToDaemon } from '../../daemon/api/client';
import { table } from './daemon-api';

const expiresIn = (s: Session, now: number): string => {
  if (s.state === 'ended' || !s.expiresAt) return '';
  const seconds = Math.max(0, Math.round((s.expiresAt - now) / 1000));
  return `${Math.floor(seconds / 60)}m${String(seconds % 60).padStart(2, '0')}s`;
};

export const sessionsCommand: Command = {
  name: 'sessions',
  summary: 'List the running daemon\'s sessions (shells, forwards, RDP) with their state and expiry.',
  usage: '[--json]',
  options: { json: { type: 'boolean' } },
  async run(context) {
    // Sessions live in a daemon; without one there are none to list.
    const client = await connectToDaemon();
    const sessions = client ? (await client.call('listSessions', {})).sessions : [];
    client?.close();
    if (context.options.json) {
      context.stdout.write(`${JSON.stringify(sessions, null, 2)}\n`);
      return 0;
    }
    if (!client) context.stderr.write('No daemon is running (start one with "gamelift-connect daemon" or the app).\n');
    const now = Date.now();
    const rows = sessions.map((s) => [
      s.id,
      s.kind,
      s.transport,
      s.state,
      `${s.target.fleetId}/${s.target.computeName}`,
      s.localPort ? String(s.localPort) : '',
      expiresIn(s, now),
      s.endReason ?? '',
    ]);
    context.stdout.write(table([['SESSION', 'KIND', 'VIA', 'STATE', 'TARGET', 'LOCAL', 'EXPIRES', 'ENDED'], ...rows]));
    return 0;
  },
};
