// What an SSM document asks the agent to run (docs/reference/ssm-data-channel.md §10): the session
// type, the handshake Properties for port sessions, and the command (plus, for non-interactive
// commands, the per-OS block's output settings) for command sessions.
import type { ShellOutputConfig } from './shell-output-config';

export type SessionType = 'Standard_Stream' | 'InteractiveCommands' | 'NonInteractiveCommands' | 'Port';

export interface PortProperties {
  portNumber: string;
  type?: 'LocalPortForwarding';
  localPortNumber?: string;
  host?: string;
}

export type SessionPlan =
  | { sessionType: 'Standard_Stream' }
  | { sessionType: 'InteractiveCommands'; command: string }
  /** `output` is the document's per-OS block minus `commands`; checked when the plugin starts, as the agent does. */
  | { sessionType: 'NonInteractiveCommands'; command: string; output: ShellOutputConfig }
  | { sessionType: 'Port'; properties: PortProperties };

export const DEFAULT_SHELL_DOCUMENT = 'SSM-SessionManagerRunShell';

export function planSession(documentName: string | undefined, parameters: Record<string, string[]>, output: ShellOutputConfig = {}): SessionPlan {
  const param = (name: string, fallback?: string): string | undefined => parameters[name]?.[0] ?? fallback;
  switch (documentName ?? DEFAULT_SHELL_DOCUMENT) {
    case DEFAULT_SHELL_DOCUMENT:
      return { sessionType: 'Standard_Stream' };
    case 'AWS-StartInteractiveCommand': {
      const command = param('command');
      if (!command) throw new Error('AWS-StartInteractiveCommand needs a command parameter');
      return { sessionType: 'InteractiveCommands', command };
    }
    case 'AWS-StartNonInteractiveCommand': {
      const command = param('command');
      if (!command) throw new Error('AWS-StartNonInteractiveCommand needs a command parameter');
      return { sessionType: 'NonInteractiveCommands', command, output };
    }
    case 'AWS-StartPortForwardingSession':
      return {
        sessionType: 'Port',
        properties: { portNumber: param('portNumber', '80')!, type: 'LocalPortForwarding', localPortNumber: param('localPortNumber', '0')! },
      };
    case 'AWS-StartPortForwardingSessionToRemoteHost': {
      const host = param('host');
      if (!host) throw new Error('AWS-StartPortForwardingSessionToRemoteHost needs a host parameter');
      return {
        sessionType: 'Port',
        properties: { portNumber: param('portNumber', '80')!, type: 'LocalPortForwarding', localPortNumber: param('localPortNumber', '0')!, host },
      };
    }
    case 'AWS-StartSSHSession':
      return { sessionType: 'Port', properties: { portNumber: param('portNumber', '22')! } };
    default:
      throw new Error(`the emulated agent does not run document ${documentName}`);
  }
}

/** Properties as the agent serialises its Go map: keys sorted. */
export function sortedProperties(properties: PortProperties): Record<string, string> {
  const entries = Object.entries(properties).filter((e): e is [string, string] => typeof e[1] === 'string');
  return Object.fromEntries(entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
