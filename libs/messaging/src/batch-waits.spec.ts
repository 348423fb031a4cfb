import type { EachBatchPayload } from 'kafkajs';
import { MongoServerError, MongoNetworkError } from 'mongodb';
import { untilAvailable, waitInBatch, type OutageReporter } from './batch-waits.js';

/** Just the parts of a kafkajs batch the waits use; `running` can be switched off mid-wait. */
function fakeBatch() {
  const state = { running: true, stale: false, heartbeats: 0 };
  const payload = {
    isRunning: () => state.running,
    isStale: () => state.stale,
    heartbeat: () => {
      state.heartbeats++;
      return Promise.resolve();
    },
  } as unknown as EachBatchPayload;
  return { state, payload };
}

function recorder() {
  const calls: string[] = [];
  const reporter: OutageReporter = {
    failing: (_e, attempt) => calls.push(`failing ${attempt}`),
    recovered: () => calls.push('recovered'),
  };
  return { calls, reporter };
}

const policy = { baseDelayMs: 1, maxDelayMs: 4 };

describe('untilAvailable', () => {
  it('retries an infrastructure failure for as long as it lasts, then reports recovery', async () => {
    const { payload, state } = fakeBatch();
    const { calls, reporter } = recorder();
    let failures = 25; // far more than any bounded retry budget
    const outcome = await untilAvailable(
      payload,
      () => (failures-- > 0 ? Promise.reject(new MongoNetworkError('store away')) : Promise.resolve('ok')),
      policy,
      reporter,
    );
    expect(outcome).toEqual({ done: true, value: 'ok' });
    expect(calls).toHaveLength(26);
    expect(calls.at(-1)).toBe('recovered');
    expect(state.heartbeats).toBeGreaterThanOrEqual(25);
  });

  it('rethrows a poison error at once, without waiting', async () => {
    const { payload } = fakeBatch();
    const { calls, reporter } = recorder();
    let runs = 0;
    const poison = new MongoServerError({ code: 11000, errmsg: 'duplicate key' });
    await expect(
      untilAvailable(
        payload,
        () => {
          runs++;
          return Promise.reject(poison);
        },
        policy,
        reporter,
      ),
    ).rejects.toBe(poison);
    expect(runs).toBe(1);
    expect(calls).toEqual([]);
  });

  it('gives the batch up when the consumer stops during an outage', async () => {
    const { payload, state } = fakeBatch();
    const { reporter } = recorder();
    let runs = 0;
    const outcome = await untilAvailable(
      payload,
      () => {
        if (++runs === 3) state.running = false;
        return Promise.reject(new MongoNetworkError('store away'));
      },
      policy,
      reporter,
    );
    expect(outcome).toEqual({ done: false });
    expect(runs).toBe(3);
  });
});

describe('waitInBatch', () => {
  it('heartbeats through a long wait and stops early when the partition is taken away', async () => {
    const { payload, state } = fakeBatch();
    setTimeout(() => (state.stale = true), 1_500);
    const started = Date.now();
    expect(await waitInBatch(payload, 60_000)).toBe(false);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(state.heartbeats).toBeGreaterThanOrEqual(2);
  });
});
