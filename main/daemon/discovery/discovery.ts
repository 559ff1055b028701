// Cached discovery: fleets and targets under the current identity, with a TTL and refresh on
// demand. An identity change drops everything learned under the previous one.
import type { Fleet, Target } from '../../../preload/contract';
import { DaemonError } from '../errors';
import type { Identity } from '../identity/identity';
import { TtlCache } from '../util/ttl-cache';
import { mapLimited } from '../util/paginate';
import { discoverFleets } from './fleets';
import { describeTarget, discoverTargets } from './targets';

export interface DiscoveryOptions {
  fleetTtlMs?: number;
  targetTtlMs?: number;
}

export class Discovery {
  private readonly fleets: TtlCache<Fleet[]>;
  private readonly targets: TtlCache<Target[]>;
  private readonly sdkCache = new Map<string, Promise<{ version?: string; os?: string; gameServerContainer?: string }>>();
  private readonly gameServers = new Map<string, string>();

  constructor(
    private readonly identity: Identity,
    opts: DiscoveryOptions = {},
  ) {
    this.fleets = new TtlCache(opts.fleetTtlMs ?? 60_000);
    this.targets = new TtlCache(opts.targetTtlMs ?? 30_000);
    identity.onChange(() => {
      this.fleets.clear();
      this.targets.clear();
      this.sdkCache.clear();
      this.gameServers.clear();
    });
  }

  private ctx() {
    return { client: this.identity.gamelift(), region: this.identity.region, profile: this.identity.profile, sdkCache: this.sdkCache, gameServers: this.gameServers };
  }

  listFleets(refresh = false): Promise<Fleet[]> {
    return this.fleets.get('fleets', () => discoverFleets(this.ctx()), refresh);
  }

  /** The game-server container's name in a container fleet's definition, when it could be read. */
  gameServerContainer(fleetId: string): string | undefined {
    return this.gameServers.get(fleetId);
  }

  /** A fleet by ID or ARN; an unknown one triggers one refresh before NotFound. */
  async getFleet(fleetIdOrArn: string): Promise<Fleet> {
    const find = (fleets: Fleet[]) => fleets.find((f) => f.fleetId === fleetIdOrArn || f.fleetArn === fleetIdOrArn);
    const fleet = find(await this.listFleets()) ?? find(await this.listFleets(true));
    if (!fleet) {
      throw new DaemonError('NotFound', `Fleet ${fleetIdOrArn} was not found in ${this.identity.region}.`, 'Check the Region (fleets are listed in their home Region) and the profile.');
    }
    return fleet;
  }

  async listTargets(fleetIdOrArn: string, location?: string, refresh = false): Promise<Target[]> {
    const fleet = await this.getFleet(fleetIdOrArn);
    if (location && !fleet.locations.includes(location)) {
      throw new DaemonError('NotFound', `Fleet ${fleet.fleetId} has no location ${location}.`, `Its locations: ${fleet.locations.join(', ')}.`);
    }
    const locations = location ? [location] : fleet.locations;
    const perLocation = await mapLimited(locations, 4, (loc) =>
      this.targets.get(`${fleet.fleetId}|${loc}`, () => discoverTargets(this.ctx(), fleet, loc), refresh),
    );
    return perLocation.flat();
  }

  /**
   * A target by compute name (or instance ID): from the lists already loaded, else asked of GameLift
   * by name (one call, not a re-listing of a 5,000-compute fleet).
   */
  async getTarget(fleetIdOrArn: string, computeName: string): Promise<{ fleet: Fleet; target: Target }> {
    const fleet = await this.getFleet(fleetIdOrArn);
    const listed = fleet.locations.flatMap((loc) => this.targets.peek(`${fleet.fleetId}|${loc}`) ?? []);
    const target =
      listed.find((t) => t.computeName === computeName || t.instanceId === computeName) ?? (await describeTarget(this.ctx(), fleet, computeName));
    if (!target) {
      throw new DaemonError('NotFound', `Compute ${computeName} was not found in fleet ${fleet.fleetId}.`, 'It may have been scaled in or replaced; refresh the list.');
    }
    return { fleet, target };
  }
}
