// Direct sessions (SDK 4 SSH and RDP) need the fleet's inbound rules to admit this machine.
// If they don't, and the caller allowed it, we open the port for this address alone (/32) and
// revoke exactly that rule when the last session using it ends. Rules we did not add are never
// touched.
import {
  DescribeFleetPortSettingsCommand,
  UpdateFleetPortSettingsCommand,
  type IpPermission,
} from '@aws-sdk/client-gamelift';
import { mapAwsError } from '../aws/errors';
import { DaemonError } from '../errors';
import type { IdentitySnapshot } from '../identity/identity';
import { settled } from '../util/settled';

export interface InboundRequest {
  fleetId: string;
  location?: string;
  port: number;
  /** This machine's public IPv4 address as AWS sees it. */
  address: string;
  /** The user allowed opening the port (contract openInboundPort, or the daemon setting). */
  mayOpen: boolean;
}

const ipv4 = (address: string): number | null => {
  const parts = address.split('.').map(Number);
  if (parts.length !== 4 || parts.some((p) => !Number.isInteger(p) || p < 0 || p > 255)) return null;
  return (((parts[0]! << 24) | (parts[1]! << 16) | (parts[2]! << 8) | parts[3]!) >>> 0);
};

export function cidrContains(cidr: string, address: string): boolean {
  const [base, bitsText] = cidr.split('/');
  const bits = Number(bitsText ?? 32);
  const a = ipv4(address);
  const b = ipv4(base ?? '');
  if (a === null || b === null || !(bits >= 0 && bits <= 32)) return false;
  const mask = bits === 0 ? 0 : (~0 << (32 - bits)) >>> 0;
  return (a & mask) === (b & mask);
}

export const admits = (rule: IpPermission, port: number, address: string): boolean =>
  rule.Protocol === 'TCP' && (rule.FromPort ?? 0) <= port && port <= (rule.ToPort ?? 0) && cidrContains(rule.IpRange ?? '', address);

/** A rule we opened and could not revoke: the user must know it is still open. */
export type RevokeFailed = (rule: { fleetId: string; port: number; ipRange: string; reason: string }) => void;

/** Reference-counted /32 rules this daemon opened. */
export class InboundPorts {
  private readonly opened = new Map<string, { rule: IpPermission; users: number; fleetId: string; who: IdentitySnapshot }>();
  /** One ensure at a time per rule, so two sessions starting together cannot both add it. */
  private readonly inFlight = new Map<string, Promise<unknown>>();

  constructor(private readonly onRevokeFailed: RevokeFailed = () => {}) {}

  /** Makes sure the port admits the address; returns a release function (a no-op when nothing was opened). */
  ensure(req: InboundRequest, who: IdentitySnapshot): Promise<() => Promise<void>> {
    const key = `${who.region}|${req.fleetId}|${req.port}|${req.address}`;
    // After the previous ensure of this rule, whose failure went to its own caller.
    const run = settled(this.inFlight.get(key) ?? Promise.resolve()).then(() => this.ensureNow(key, req, who));
    this.inFlight.set(key, run);
    const settle = () => {
      if (this.inFlight.get(key) === run) this.inFlight.delete(key);
    };
    run.then(settle, settle);
    return run;
  }

  private async ensureNow(key: string, req: InboundRequest, who: IdentitySnapshot): Promise<() => Promise<void>> {
    const mine = this.opened.get(key);
    if (mine) {
      mine.users += 1;
      return this.releaser(key);
    }
    const { client, region, profile } = who;
    const errCtx = { service: 'gamelift' as const, fleetId: req.fleetId, region, profile };
    const settings = await client
      .send(new DescribeFleetPortSettingsCommand({ FleetId: req.fleetId, ...(req.location ? { Location: req.location } : {}) }))
      .catch((err: unknown) => {
        throw mapAwsError(err, { ...errCtx, operation: 'DescribeFleetPortSettings' });
      });
    if ((settings.InboundPermissions ?? []).some((rule) => admits(rule, req.port, req.address))) return async () => {};
    if (!req.mayOpen) {
      throw new DaemonError(
        'PortClosed',
        `Fleet ${req.fleetId} does not allow ${req.address} on port ${req.port}.`,
        `Allow GameLift Connect to open port ${req.port} for ${req.address}/32 while the session lasts (it is closed again afterwards), or add the rule yourself.`,
      );
    }
    const rule: IpPermission = { FromPort: req.port, ToPort: req.port, IpRange: `${req.address}/32`, Protocol: 'TCP' };
    try {
      await client.send(new UpdateFleetPortSettingsCommand({ FleetId: req.fleetId, InboundPermissionAuthorizations: [rule] }));
    } catch (err) {
      // Someone added the same rule meanwhile: it admits us, and it is not ours to revoke.
      if (/InvalidPermission\.Duplicate/.test(String((err as Error).message))) return async () => {};
      throw mapAwsError(err, { ...errCtx, operation: 'UpdateFleetPortSettings' });
    }
    this.opened.set(key, { rule, users: 1, fleetId: req.fleetId, who });
    return this.releaser(key);
  }

  /** Revokes everything still open (daemon stop). */
  async revokeAll(): Promise<void> {
    for (const key of [...this.opened.keys()]) await this.revoke(key);
  }

  private releaser(key: string): () => Promise<void> {
    let released = false;
    return async () => {
      if (released) return;
      released = true;
      const entry = this.opened.get(key);
      if (entry && --entry.users <= 0) await this.revoke(key);
    };
  }

  private async revoke(key: string): Promise<void> {
    const entry = this.opened.get(key);
    if (!entry) return;
    this.opened.delete(key);
    await entry.who.client.send(new UpdateFleetPortSettingsCommand({ FleetId: entry.fleetId, InboundPermissionRevocations: [entry.rule] })).catch((err: unknown) => {
      const reason = mapAwsError(err, { service: 'gamelift', fleetId: entry.fleetId, region: entry.who.region, profile: entry.who.profile, operation: 'UpdateFleetPortSettings' }).message;
      this.onRevokeFailed({ fleetId: entry.fleetId, port: entry.rule.FromPort ?? 0, ipRange: entry.rule.IpRange ?? '', reason });
    });
  }
}
