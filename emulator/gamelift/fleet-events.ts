// DescribeFleetEvents: a fleet's event log, newest first, within StartTime/EndTime, paged. Events
// with a stored log carry a PreSignedLogUrl (valid 15 minutes) to a text file on the log store.
import { fromTimestamp, timestamp, type EmulatorClock } from '../core/clock';
import type { Paginator } from '../core/pagination';
import type { Operation } from '../core/service-endpoint';
import type { LogStore } from '../logs/log-store';
import type { FleetEventRecord } from '../scenario/fleet-events';
import type { World } from '../scenario/world';
import { requireFleet } from './lookup';

const DEFAULT_PAGE = 100;

export function fleetEventOperations(world: World, pages: Paginator, clock: EmulatorClock, logs: LogStore): Record<string, Operation> {
  const render = (e: FleetEventRecord) => {
    let url: string | undefined;
    if (e.log !== undefined) {
      const key = `fleet-events/${e.fleetId}/${e.eventId}.txt`;
      const body = Buffer.from(e.log, 'utf8');
      logs.put(key, () => ({ body, contentType: 'text/plain; charset=utf-8', lastModified: e.time }));
      url = logs.presign(key);
    }
    return {
      EventId: e.eventId,
      ResourceId: e.resourceId,
      EventCode: e.eventCode,
      Message: e.message,
      EventTime: timestamp(e.time),
      ...(url ? { PreSignedLogUrl: url } : {}),
      ...(e.count !== undefined ? { Count: e.count } : {}),
    };
  };

  return {
    DescribeFleetEvents(input) {
      const fleet = requireFleet(world, input.FleetId as string);
      const start = input.StartTime === undefined ? -Infinity : fromTimestamp(input.StartTime);
      const end = input.EndTime === undefined ? Infinity : fromTimestamp(input.EndTime);
      const query = ['DescribeFleetEvents', fleet.spec.fleetId, input.StartTime === undefined ? null : start, input.EndTime === undefined ? null : end];
      const page = pages.pageAsOf(
        (asOf) => world.fleetEvents.of(fleet, asOf).filter((e) => e.time >= start && e.time <= end && e.time <= asOf).reverse(),
        query,
        (input.Limit as number | undefined) ?? DEFAULT_PAGE,
        input.NextToken as string | undefined,
        clock.now(),
      );
      return { Events: page.items.map(render), NextToken: page.nextToken };
    },
  };
}
