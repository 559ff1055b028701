// The daemon's triage calls (issue #11): find, game sessions, fleet events and their logs, fleet
// health and the event watch, for daemon.ts to serve. Every AWS call goes through the current
// identity's GameLift client; nothing here keeps a secret but the event log links, in memory.
import { join } from 'node:path';
import type { FindKind, FleetEvent, FollowedFleet, GameSession } from '../../../preload/contract';
import type { Discovery } from '../discovery/discovery';
import type { EventBus } from '../events';
import type { Identity } from '../identity/identity';
import type { Logger } from '../log/logger';
import { downloadLog, DownloadFailed, extensionFor, safeName, targetPath, type Downloaded } from './download';
import { EventWatch } from './event-watch';
import { describeFleetEvents, EventLogLinks, eventLogUrl, healthOf } from './fleet-events';
import { find, type FindOptions, type FindResult } from './find';
import { listGameSessions, terminateGameSession, type ListGameSessionsInput } from './game-sessions';
import { awsCall, parseGameSessionArn, type CallContext } from './model';
import { GetGameSessionLogUrlCommand } from '@aws-sdk/client-gamelift';

export interface TriageOptions {
  identity: Identity;
  discovery: Discovery;
  events: EventBus;
  log: Logger;
  dataDir: string;
  eventPollMs: number;
  find?: FindOptions;
}

export class Triage {
  private readonly links = new EventLogLinks();
  readonly watch: EventWatch;
  private readonly downloadsDir: string;

  constructor(private readonly opts: TriageOptions) {
    this.downloadsDir = join(opts.dataDir, 'downloads');
    this.watch = new EventWatch({ identity: opts.identity, discovery: opts.discovery, events: opts.events, log: opts.log, links: this.links, dataDir: opts.dataDir, intervalMs: opts.eventPollMs });
    opts.identity.onChange(() => this.links.clear());
  }

  private ctx(): CallContext {
    const { identity } = this.opts;
    return { client: identity.gamelift(), region: identity.region, profile: identity.profile };
  }

  find(text: string, kind?: FindKind): Promise<FindResult> {
    return find(this.ctx(), this.opts.discovery, text, kind, this.opts.find);
  }

  listGameSessions(input: ListGameSessionsInput): Promise<{ gameSessions: GameSession[]; truncated: boolean }> {
    return listGameSessions(this.ctx(), this.opts.discovery, input);
  }

  terminateGameSession(gameSessionId: string, mode: 'graceful' | 'force'): Promise<GameSession> {
    return terminateGameSession(this.ctx(), this.opts.discovery, gameSessionId, mode);
  }

  async listFleetEvents(input: { fleetId: string; since?: number | undefined; until?: number | undefined; limit?: number | undefined; nextToken?: string | undefined }): Promise<{ events: FleetEvent[]; nextToken?: string }> {
    const { events, nextToken } = await describeFleetEvents(this.ctx(), this.links, input.fleetId, input);
    return { events, ...(nextToken ? { nextToken } : {}) };
  }

  async fleetHealth(fleetId: string) {
    const fleet = await this.opts.discovery.getFleet(fleetId);
    const { events } = await describeFleetEvents(this.ctx(), this.links, fleet.fleetId, { limit: 20 });
    return { fleetId: fleet.fleetId, name: fleet.name, status: fleet.status, ...healthOf(fleet.status, events), events };
  }

  /** A fleet event's log, saved; a link that expired on the way is asked for once more. */
  async downloadFleetEventLog(fleetId: string, eventId: string, path?: string): Promise<Downloaded> {
    const ctx = this.ctx();
    const name = (type: string | undefined) => `${safeName('fleet-event', fleetId, eventId)}${extensionFor(type, '.log')}`;
    return this.download(path, name, (fresh) => eventLogUrl(ctx, this.links, fleetId, eventId, fresh));
  }

  /** GetGameSessionLogUrl, saved. */
  async getGameSessionLog(gameSessionId: string, path?: string): Promise<Downloaded> {
    const ctx = this.ctx();
    const parsed = parseGameSessionArn(gameSessionId);
    const base = parsed ? safeName('game-session', parsed.fleetId, ...(parsed.location ? [parsed.location] : []), parsed.id) : safeName('game-session', gameSessionId);
    const name = (type: string | undefined) => `${base}${extensionFor(type, '.zip')}`;
    return this.download(path, name, async () => {
      const out = await awsCall(ctx, 'GetGameSessionLogUrl', { gameSessionId }, () => ctx.client.send(new GetGameSessionLogUrlCommand({ GameSessionId: gameSessionId })));
      if (!out.PreSignedUrl) throw new DownloadFailed(`GameLift gave no log link for game session ${base}.`, false);
      return out.PreSignedUrl;
    });
  }

  private async download(path: string | undefined, name: (contentType: string | undefined) => string, url: (fresh: boolean) => Promise<string>): Promise<Downloaded> {
    // Where it goes is settled before the link is asked for: a bad path costs no AWS call.
    const target = await targetPath(path, this.downloadsDir);
    const chosen = (type: string | undefined) => ('file' in target ? target.file : join(target.dir, name(type)));
    try {
      return await downloadLog(await url(false), chosen);
    } catch (err) {
      if (!(err instanceof DownloadFailed && err.expired)) throw err;
      return downloadLog(await url(true), chosen);
    }
  }

  followFleet(fleetId: string): Promise<FollowedFleet[]> {
    return this.watch.follow(fleetId);
  }

  unfollowFleet(fleetId: string): Promise<FollowedFleet[]> {
    return this.watch.unfollow(fleetId);
  }

  stop(): void {
    this.watch.stop();
  }
}
