// The freshness probe (issue [9/11]): one visit of a resident of a probe community nobody else visits,
// timed from the gateway's 201 to the coverage report of that community, read through the gateway,
// counting it. Shared by `bench:freshness` and the city benchmark (`npm run bench`).
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Probes against `gateway`: `centre` (`{centreId, token}`) records visits of `residents` (all of
 * `community`, a community path); the report is read as `staffToken` every `pollMs`.
 */
export function freshnessProbe({
  gateway,
  staffToken,
  centre,
  residents,
  community,
  pollMs = 25,
  tag = 'probe',
}) {
  const month = () => new Date(Date.now() - 600_000).toISOString().slice(0, 7);
  const visitsSeen = async () => {
    const res = await fetch(
      `${gateway}/api/analytics/coverage?unit=${community}&month=${month()}&group=all`,
      {
        headers: { authorization: `Bearer ${staffToken}` },
      },
    );
    if (res.status !== 200) throw new Error(`coverage answered ${res.status}`);
    return (await res.json()).unit.services.visits;
  };
  let seq = 0;
  /** One probe: a visit accepted, then the report polled until it counts one more visit; its ms. */
  const probe = async () => {
    const before = await visitsSeen();
    const visitId = `${tag}-${seq++}`;
    const residentId = residents[seq % residents.length];
    const res = await fetch(`${gateway}/api/centres/centres/${centre.centreId}/visits`, {
      method: 'POST',
      headers: { authorization: `Bearer ${centre.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        visits: [
          { visitId, residentId, activity: 'meal', checkInAt: new Date(Date.now() - 600_000).toISOString() },
        ],
      }),
    });
    const accepted = performance.now();
    const body = await res.json();
    if (body.results?.[0]?.status !== 'recorded')
      throw new Error(`probe ${visitId}: ${JSON.stringify(body.results)}`);
    while ((await visitsSeen()) <= before) {
      if (performance.now() - accepted > 300_000) throw new Error(`probe ${visitId} not seen in 300 s`);
      await sleep(pollMs);
    }
    return performance.now() - accepted;
  };
  return {
    probe,
    /** Probes sent so far (each one visit on the centres topic). */
    sent: () => seq,
    /** `count` probes one after the other (200 ms apart): their latencies. */
    async series(count) {
      const latencies = [];
      for (let i = 0; i < count; i++) {
        latencies.push(await probe());
        await sleep(200);
      }
      return latencies;
    },
    /**
     * Probes one after the other until `stop()`; a probe sent while `measuring` is true counts,
     * however long it then waits to be seen. `stop()` waits for the last and returns the counted ones.
     */
    background() {
      let done = false;
      const state = { measuring: false };
      const counted = [];
      const loop = (async () => {
        while (!done) {
          const sentMeasuring = state.measuring;
          const ms = await probe();
          if (sentMeasuring) counted.push(ms);
          await sleep(200);
        }
      })();
      return {
        state,
        async stop() {
          done = true;
          await loop;
          return counted;
        },
      };
    },
  };
}
