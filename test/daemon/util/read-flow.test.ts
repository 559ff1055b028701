// ReadFlow (main/daemon/util/read-flow.ts): the marks and their hysteresis.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ReadFlow } from '../../../main/daemon/util/read-flow';

test('ReadFlow pauses reading at the high-water mark, stays paused between the marks, resumes at the low mark', () => {
  const calls: string[] = [];
  const flow = new ReadFlow({ pauseReading: () => calls.push('pause'), resumeReading: () => calls.push('resume') }, { highWater: 1000, lowWater: 200 });
  let backlog = 0;
  flow.measure(() => backlog);
  backlog = 999;
  flow.delivered();
  assert.deepEqual(calls, []);
  backlog = 1000;
  flow.delivered();
  flow.delivered();
  assert.deepEqual(calls, ['pause']);
  assert.equal(flow.isPaused, true);
  backlog = 201;
  flow.consumerDrained();
  assert.deepEqual(calls, ['pause']);
  backlog = 200;
  flow.consumerDrained();
  flow.consumerDrained();
  assert.deepEqual(calls, ['pause', 'resume']);
  assert.equal(flow.pauses, 1);
});
