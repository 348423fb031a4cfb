/**
 * `npm run retention`                       what is kept how long, and where each service's pruning stands
 * `npm run retention -- prune [service...]` one pruning pass now (default: every service), as the
 *                                           services run it every RETENTION_PRUNE_INTERVAL_MINUTES
 *
 * Reads the settings the services read (INBOX_RETENTION_DAYS, AUDIT_RETENTION_DAYS, …, MONGO_URL,
 * MONGO_DB_PREFIX): give it the same environment. Prints counts, never contents. ADR 0020.
 */
import { MongoClient, type Db } from 'mongodb';
import { z } from 'zod';
import { INBOX_COLLECTION, inboxRetentionTask } from '#anlao/messaging';
import {
  databaseName,
  NEVER_STOP,
  RETENTION_STATE_COLLECTION,
  RetentionConfigSchema,
  type RetentionConfig,
  type RetentionState,
  type RetentionTask,
} from '#anlao/platform';
import { CHECKPOINT_COLLECTION, type AuditChainCheckpoint } from '../apps/gateway/src/audit/audit-pruning.js';
import { GatewayRetentionConfigShape } from '../apps/gateway/src/gateway.config.js';
import { gatewayRetentionTasks } from '../apps/gateway/src/gateway-retention.js';

const SERVICES = ['gateway', 'residents', 'centres', 'purchased-services', 'interventions', 'analytics'];

const settings = z
  .object({
    MONGO_URL: z.string().default('mongodb://127.0.0.1:27117'),
    MONGO_DB_PREFIX: z.string().default('anlao-'),
    ...GatewayRetentionConfigShape,
  })
  .safeParse(process.env);
const retention = RetentionConfigSchema.safeParse(process.env);
if (!settings.success || !retention.success) {
  const issues = [...(settings.error?.issues ?? []), ...(retention.error?.issues ?? [])];
  for (const issue of issues) process.stderr.write(`retention: ${issue.path.join('.')}: ${issue.message}\n`);
  process.exit(78);
}
const env = settings.data;

function tasksOf(service: string, db: Db, config: RetentionConfig): RetentionTask[] {
  const inbox = inboxRetentionTask(
    db.collection(INBOX_COLLECTION),
    db.collection<RetentionState>(RETENTION_STATE_COLLECTION),
    config.INBOX_RETENTION_DAYS,
  );
  return service === 'gateway' ? [inbox, ...gatewayRetentionTasks(db, env)] : [inbox];
}

function describeSettings(config: RetentionConfig): string {
  const topics = config.KAFKA_EVENTS_RETENTION_DAYS ?? 'for ever';
  return [
    `inbox ${config.INBOX_RETENTION_DAYS} days, audit log ${env.AUDIT_RETENTION_DAYS} days,`,
    `sessions ${env.SESSION_RETENTION_DAYS} days after expiry;`,
    `topics: domain ${topics === 'for ever' ? topics : `${topics} days`}, identity ${config.KAFKA_IDENTITY_RETENTION_DAYS},`,
    `audit ${config.KAFKA_AUDIT_RETENTION_DAYS}, dead letters ${config.KAFKA_DEAD_LETTER_RETENTION_DAYS} days`,
  ].join(' ');
}

async function status(db: Db, service: string): Promise<void> {
  const states = await db.collection<RetentionState>(RETENTION_STATE_COLLECTION).find({}).toArray();
  for (const s of states)
    process.stdout.write(
      `${service} ${s._id}: pruned through ${s.prunedThrough ?? '—'}, last pass ${s.lastPassAt.toISOString()}\n`,
    );
  if (service !== 'gateway') return;
  for (const c of await db.collection<AuditChainCheckpoint>(CHECKPOINT_COLLECTION).find({}).toArray())
    process.stdout.write(`gateway audit ${c._id}: pruned through entry ${c.seq} (${c.at.toISOString()})\n`);
}

const [command, ...names] = process.argv.slice(2);
const chosen = names.length > 0 ? names : SERVICES;
const unknown = chosen.filter((s) => !SERVICES.includes(s));
if ((command !== undefined && command !== 'prune') || unknown.length > 0) {
  process.stderr.write(`usage: retention [prune [${SERVICES.join('|')}]...]\n`);
  process.exit(2);
}

const client = new MongoClient(env.MONGO_URL, { serverSelectionTimeoutMS: 10_000 });
try {
  await client.connect();
  process.stdout.write(`retention: ${describeSettings(retention.data)}\n`);
  for (const service of chosen) {
    const db = client.db(databaseName({ MONGO_DB_PREFIX: env.MONGO_DB_PREFIX, SERVICE: service }));
    if (command !== 'prune') {
      await status(db, service);
      continue;
    }
    for (const task of tasksOf(service, db, retention.data)) {
      const started = Date.now();
      const counts = await task.run(new Date(), NEVER_STOP);
      const figures = Object.entries(counts).map(([k, v]) => `${k} ${v}`);
      process.stdout.write(`${service} ${task.name}: ${figures.join(', ')} (${Date.now() - started} ms)\n`);
    }
  }
} catch (error) {
  process.stderr.write(`retention: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
} finally {
  await client.close();
}
