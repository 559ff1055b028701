// Basic (non-multiplexed) port forwarding, as the agent's port_basic does it (docs/reference/
// ssm-data-channel.md §8.3): one destination connection; DisconnectToPort closes it and the next
// Output re-dials lazily; a destination close is not reported; a failed dial ends the session.
import type { Socket } from 'node:net';
import { FlagValue, PayloadType } from '../../main/daemon/ssm/frame';
import { holdInputWhileBackedUp, type Dial } from './destination';
import type { Disposition } from './incoming-stream';
import { holdWhileCongested, readChunks, type PluginContext, type SessionPlugin } from './session-plugin';

export class BasicPortSession implements SessionPlugin {
  private connection: Socket | null = null;

  constructor(
    private readonly context: PluginContext,
    private readonly dial: Dial,
  ) {}

  start(): void {
    this.connection = this.open();
  }

  input(data: Buffer): Disposition {
    const connection = (this.connection ??= this.open());
    if (!connection) return 'processed';
    connection.write(data);
    holdInputWhileBackedUp(connection, this.context);
    return 'processed';
  }

  flag(value: number): void {
    if (value !== FlagValue.DisconnectToPort) return;
    this.connection?.destroy();
    this.connection = null;
  }

  stop(): void {
    this.connection?.destroy();
    this.connection = null;
  }

  /** Dials the destination; a failure ends the session, as the agent's handlePortError does. */
  private open(): Socket | null {
    let connection: Socket;
    try {
      connection = this.dial();
    } catch (error) {
      this.fail((error as Error).message);
      return null;
    }
    connection.on('data', (data) => {
      for (const chunk of readChunks(data)) this.context.send(PayloadType.Output, chunk);
      holdWhileCongested(this.context, connection);
    });
    let connected = false;
    connection.once('connect', () => (connected = true));
    connection.on('error', (error) => {
      if (!connected) this.fail(error.message);
    });
    connection.on('close', () => {
      if (this.connection === connection) this.connection = null;
    });
    return connection;
  }

  private fail(reason: string): void {
    this.context.end({ failure: `Unable to connect to specified port: ${reason}` });
  }
}
