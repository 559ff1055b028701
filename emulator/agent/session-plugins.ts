// Which plugin a planned session runs, with the agent's version gates (docs/reference/
// ssm-data-channel.md §8.2, §8.4): smux for LocalPortForwarding when the client is at least 1.1.70
// and the agent newer than 3.0.196.0, basic otherwise; smux keepalive only for clients up to 1.2.331.0.
// Commands run through the instance's shell (`-c`): a pty for interactive ones, a plain process otherwise.
import type { AgentSessionSpec } from './agent-api';
import { destinationDialer } from './destination';
import { BasicPortSession } from './port-basic';
import { NonInteractiveSession } from './non-interactive-session';
import { MuxPortSession, type SmuxKeepAlive } from './port-mux';
import type { PortProperties, SessionPlan } from './session-document';
import type { PluginContext, SessionPlugin } from './session-plugin';
import { resolveOutputStreams } from './shell-output-config';
import { ShellSession } from './shell-session';
import { versionAbove, versionAtLeast } from './versions';

export type SessionMode = 'shell' | 'command' | 'basic' | 'mux';

export interface PluginTuning {
  firstOutputDelayMs: number;
  smuxKeepAlive: SmuxKeepAlive;
}

export function portMode(properties: PortProperties, clientVersion: string | undefined, agentVersion: string): 'basic' | 'mux' {
  const mux = properties.type === 'LocalPortForwarding' && versionAtLeast(clientVersion, '1.1.70') && versionAbove(agentVersion, '3.0.196.0');
  return mux ? 'mux' : 'basic';
}

/** Clients newer than 1.2.331.0 send no NOPs, so the agent must not expect them. */
export function smuxKeepAliveFor(clientVersion: string | undefined): boolean {
  return !versionAbove(clientVersion, '1.2.331.0');
}

export function createPlugin(
  plan: SessionPlan,
  spec: AgentSessionSpec,
  clientVersion: string | undefined,
  context: PluginContext,
  tuning: PluginTuning,
): { mode: SessionMode; plugin: SessionPlugin } {
  if (plan.sessionType === 'Port') {
    const dial = destinationDialer(spec, plan.properties);
    if (portMode(plan.properties, clientVersion, spec.agentVersion) === 'basic') return { mode: 'basic', plugin: new BasicPortSession(context, dial) };
    const keepAlive = smuxKeepAliveFor(clientVersion) ? tuning.smuxKeepAlive : null;
    return { mode: 'mux', plugin: new MuxPortSession(context, dial, keepAlive) };
  }
  if (plan.sessionType === 'NonInteractiveCommands') {
    const command = { ...spec.shell, args: [...spec.shell.args, '-c', plan.command] };
    return { mode: 'command', plugin: new NonInteractiveSession(context, command, resolveOutputStreams(plan.output)) };
  }
  const args = plan.sessionType === 'InteractiveCommands' ? [...spec.shell.args, '-c', plan.command] : spec.shell.args;
  return { mode: 'shell', plugin: new ShellSession(context, { ...spec.shell, args }, tuning.firstOutputDelayMs, plan.sessionType !== 'InteractiveCommands') };
}
