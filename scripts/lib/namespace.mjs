// A throwaway namespace on the shared broker and store: its own databases,
// topics, consumer groups, ports and signing keys; dropped afterwards.
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { Kafka, logLevel } from 'kafkajs';
import { MongoClient } from 'mongodb';
import { SERVICES } from './platform.mjs';

/** `label` names the run that owns the namespace (`fuzz`, `web`…), so a leftover one says whose it is. */
export function newNamespace(label = 'fuzz') {
  const id = randomBytes(4).toString('hex');
  return { id, dbPrefix: `${label}${id}-`, topicPrefix: `${label}${id}.` };
}

/** A port that was free a moment ago. */
function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

export async function freePorts() {
  const ports = {};
  for (const [name] of SERVICES) ports[name] = await freePort();
  return ports;
}

/** Fresh keys held in memory only: nothing of this run outlives it. */
export function throwawayKeys() {
  const pair = generateKeyPairSync('ec', {
    namedCurve: 'P-256',
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  return {
    AUTH_PUBLIC_KEY: pair.publicKey,
    AUTH_PRIVATE_KEY: pair.privateKey,
    RESIDENT_ID_HASH_KEY: randomBytes(32).toString('base64'),
    RESIDENT_DATA_KEY: randomBytes(32).toString('base64'),
    CARD_DIGEST_KEY: randomBytes(32).toString('base64'),
  };
}

/** Drops the namespace's databases, topics and consumer groups; returns what it removed. */
export async function dropNamespace(ns, { KAFKA_BROKERS, MONGO_URL }) {
  const removed = { databases: 0, topics: 0, groups: 0 };
  const mongo = await MongoClient.connect(MONGO_URL, { serverSelectionTimeoutMS: 10_000 });
  try {
    const { databases } = await mongo.db().admin().listDatabases({ nameOnly: true });
    for (const { name } of databases.filter((d) => d.name.startsWith(ns.dbPrefix))) {
      await mongo.db(name).dropDatabase();
      removed.databases++;
    }
  } finally {
    await mongo.close();
  }
  const admin = new Kafka({
    clientId: 'anlao-namespace-cleanup',
    brokers: KAFKA_BROKERS.split(','),
    logLevel: logLevel.NOTHING,
  }).admin();
  await admin.connect();
  try {
    const groups = (await admin.listGroups()).groups
      .map((g) => g.groupId)
      .filter((g) => g.startsWith(ns.topicPrefix));
    if (groups.length > 0) await admin.deleteGroups(groups);
    removed.groups = groups.length;
    const topics = (await admin.listTopics()).filter((t) => t.startsWith(ns.topicPrefix));
    if (topics.length > 0) await admin.deleteTopics({ topics, timeout: 30_000 });
    removed.topics = topics.length;
  } finally {
    await admin.disconnect();
  }
  return removed;
}
