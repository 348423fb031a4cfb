/**
 * Verifies the audit log's hash chains: exit 0 when every chain is whole, 1 with
 * the first break of each broken chain (its chain, place and kind) otherwise.
 *
 *   npm run audit:verify            (MONGO_URL, MONGO_DB_PREFIX as for the services)
 */
import { MongoClient } from 'mongodb';
import { databaseName } from '#anlao/platform';
import { verifyAuditLog } from '../audit/verify-audit-log.js';

const mongoUrl = process.env.MONGO_URL ?? 'mongodb://127.0.0.1:27117';
const prefix = process.env.MONGO_DB_PREFIX ?? 'anlao-';
const client = new MongoClient(mongoUrl, { serverSelectionTimeoutMS: 10_000 });
try {
  await client.connect();
  const result = await verifyAuditLog(
    client.db(databaseName({ MONGO_DB_PREFIX: prefix, SERVICE: 'gateway' })),
  );
  for (const chain of result.chains) {
    const state = chain.break ? `BROKEN at entry ${chain.break.seq}: ${chain.break.problem}` : 'whole';
    const pending = chain.unconfirmed > 0 ? ` (${chain.unconfirmed} being appended)` : '';
    const pruned = chain.pruned > 0 ? ` after ${chain.pruned} pruned by retention` : '';
    process.stdout.write(
      `audit chain ${chain.chain}: ${chain.entries} entries${pruned}${pending}, ${state}\n`,
    );
  }
  if (result.chains.length === 0) process.stdout.write('audit log: no entries yet\n');
  process.stdout.write(result.ok ? 'audit log verified\n' : 'audit log has been tampered with\n');
  process.exitCode = result.ok ? 0 : 1;
} catch (error) {
  process.stderr.write(`audit:verify: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 2;
} finally {
  await client.close();
}
