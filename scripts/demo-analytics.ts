/**
 * The demo city is loaded once analytics has counted it: every analytics consumer group has
 * committed, on every partition of every topic it reads, the end offset seen when the load ended.
 * Without this, `ready` (and the browser tests after it) could show a district's figures while
 * the last orders and sessions are still being counted.
 */
import { Kafka, logLevel } from 'kafkajs';
import { sleep } from './demo-http.js';

const POLL_MS = 500;

/** Consumer groups of analytics' lanes in this namespace (not the per-process revocation groups). */
async function analyticsGroups(admin: ReturnType<Kafka['admin']>, prefix: string): Promise<string[]> {
  const { groups } = await admin.listGroups();
  return groups
    .map((g) => g.groupId)
    .filter((id) => id.startsWith(`${prefix}analytics.`) && !id.includes('.revocations.'));
}

/** Messages the groups have still to read of what was published when this was called. */
async function behind(
  admin: ReturnType<Kafka['admin']>,
  groups: string[],
  ends: Map<string, bigint>,
): Promise<bigint> {
  let left = 0n;
  for (const groupId of groups) {
    for (const { topic, partitions } of await admin.fetchOffsets({ groupId })) {
      for (const p of partitions) {
        const end = ends.get(`${topic}:${p.partition}`) ?? 0n;
        const done = BigInt(p.offset);
        if (done >= 0n && end > done) left += end - done;
      }
    }
  }
  return left;
}

/** Waits (at most `timeoutMs`) until analytics has read everything published so far; the messages left at the end. */
export async function analyticsCaughtUp(timeoutMs = 180_000): Promise<bigint> {
  const prefix = process.env.KAFKA_TOPIC_PREFIX ?? '';
  const kafka = new Kafka({
    clientId: 'anlao-demo-city',
    brokers: (process.env.KAFKA_BROKERS ?? '127.0.0.1:19092').split(','),
    logLevel: logLevel.NOTHING,
  });
  const admin = kafka.admin();
  await admin.connect();
  try {
    const topics = (await admin.listTopics()).filter((t) => t.startsWith(`${prefix}anlao.`));
    const ends = new Map<string, bigint>();
    for (const topic of topics)
      for (const o of await admin.fetchTopicOffsets(topic))
        ends.set(`${topic}:${o.partition}`, BigInt(o.high));
    const groups = await analyticsGroups(admin, prefix);
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const left = await behind(admin, groups, ends);
      if (left === 0n || Date.now() >= deadline) return left;
      await sleep(POLL_MS);
    }
  } finally {
    await admin.disconnect();
  }
}
