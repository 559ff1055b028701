// `--verbose`: the daemon a command runs in-process mirrors its log (main/daemon/log/) to stderr,
// every line; without it, only from `quietLevel` up (none unless given). The file is written either
// way. Through a running daemon, log-follow.ts follows that daemon's file instead.
import type { DaemonOptions } from '../daemon/daemon';
import type { LogLevel } from '../daemon/log/logger';
import type { CommandContext } from './command';

export function logMirror(context: Pick<CommandContext, 'global' | 'stderr'>, quietLevel?: LogLevel): Pick<DaemonOptions, 'logMirror'> {
  const write = (line: string) => void context.stderr.write(line);
  if (context.global.verbose) return { logMirror: { write, level: 'debug' } };
  return quietLevel ? { logMirror: { write, level: quietLevel } } : {};
}
