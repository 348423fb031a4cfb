// What `npm start` knows about the demo city in the local store: which generation of the generator
// loaded it and on which day (.local/demo-city.json). Loaded today by this generation: nothing to do.
// Loaded by another generation (or before markers existed): the platform's local data is cleared
// first, so two cities never mix (ids and idempotency keys of one would collide with the other's).
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { Kafka, logLevel } from 'kafkajs';
import { MongoClient } from 'mongodb';
import { REPO } from './platform.mjs';

const MARKER = `${REPO}.local/demo-city.json`;
/** The default namespace of `npm start`: databases `anlao-<service>`, topics `anlao.<topic>.v1`. */
const DB_PREFIX = 'anlao-';
const TOPIC_PREFIX = 'anlao.';
/** Consumer groups of the default namespace start with their service's name (no namespace prefix). */
const GROUP = /^(residents|centres|purchased-services|interventions|analytics|gateway)\./;

const today = () => new Date().toISOString().slice(0, 10);

/** `fresh` (loaded today by this generation), `stale` (another city is there) or `load`. */
export async function demoCityState(version, { MONGO_URL }) {
  if (existsSync(MARKER)) {
    const marker = JSON.parse(readFileSync(MARKER, 'utf8'));
    if (marker.version !== version) return 'stale';
    return marker.loadedOn === today() ? 'fresh' : 'load';
  }
  const mongo = await MongoClient.connect(MONGO_URL, { serverSelectionTimeoutMS: 10_000 });
  try {
    const { databases } = await mongo.db().admin().listDatabases({ nameOnly: true });
    return databases.some((d) => d.name.startsWith(DB_PREFIX)) ? 'stale' : 'load';
  } finally {
    await mongo.close();
  }
}

/** Drops the default namespace's databases, topics and consumer groups (local mode only). */
export async function clearLocalPlatform({ KAFKA_BROKERS, MONGO_URL }) {
  rmSync(MARKER, { force: true });
  const mongo = await MongoClient.connect(MONGO_URL, { serverSelectionTimeoutMS: 10_000 });
  try {
    const { databases } = await mongo.db().admin().listDatabases({ nameOnly: true });
    for (const { name } of databases.filter((d) => d.name.startsWith(DB_PREFIX)))
      await mongo.db(name).dropDatabase();
  } finally {
    await mongo.close();
  }
  const admin = new Kafka({ brokers: KAFKA_BROKERS.split(','), logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    const groups = (await admin.listGroups()).groups.map((g) => g.groupId).filter((g) => GROUP.test(g));
    if (groups.length > 0) await admin.deleteGroups(groups);
    const topics = (await admin.listTopics()).filter((t) => t.startsWith(TOPIC_PREFIX));
    if (topics.length > 0) await admin.deleteTopics({ topics, timeout: 30_000 });
  } finally {
    await admin.disconnect();
  }
}

export function markDemoCityLoaded(version) {
  writeFileSync(MARKER, JSON.stringify({ version, loadedOn: today(), loadedAt: new Date().toISOString() }));
}
