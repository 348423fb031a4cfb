/**
 * Creates the first city-admin (or any first account) directly in the gateway's
 * database: the one account that cannot be created through the API.
 *
 *   ANLAO_ADMIN_PASSWORD=… npm run create-admin -- --username admin --org-unit 2101 [--if-missing]
 *
 * The password comes from ANLAO_ADMIN_PASSWORD, or from standard input, never
 * from the command line (it would stay in the shell history and process list).
 */
import { createInterface } from 'node:readline/promises';
import mongoose from 'mongoose';
import { z } from 'zod';
import { STAFF_ROLES } from '#anlao/auth';
import { databaseName } from '#anlao/platform';
import { withEvents } from '#anlao/messaging';
import { newStaffAccount } from '../identity/new-staff-account.js';
import { passwordProblems } from '../identity/secrets.js';
import { StaffAccountSchema } from '../identity/staff-account.schema.js';

const Args = z.object({
  username: z.string().regex(/^[A-Za-z0-9._-]{3,64}$/, 'username: 3-64 letters, digits, ., _ or -'),
  orgUnit: z.string().regex(/^[0-9A-Za-z-]+(\.[0-9A-Za-z-]+){0,5}$/, 'org-unit: codes joined by dots'),
  role: z.enum(STAFF_ROLES).default('city-admin'),
  ifMissing: z.boolean().default(false),
});

function parseArgs(argv: string[]) {
  const value = (flag: string) => {
    const i = argv.indexOf(flag);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  return Args.safeParse({
    username: value('--username'),
    orgUnit: value('--org-unit'),
    role: value('--role'),
    ifMissing: argv.includes('--if-missing'),
  });
}

async function readPassword(): Promise<string> {
  if (process.env.ANLAO_ADMIN_PASSWORD) return process.env.ANLAO_ADMIN_PASSWORD;
  const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: false });
  process.stderr.write('password: ');
  const line = (await rl[Symbol.asyncIterator]().next()).value as string | undefined;
  rl.close();
  return (line ?? '').trim();
}

const args = parseArgs(process.argv.slice(2));
if (!args.success) {
  process.stderr.write(`create-admin: ${args.error.issues.map((i) => i.message).join('; ')}\n`);
  process.exit(2);
}
const mongoUrl = process.env.MONGO_URL ?? 'mongodb://127.0.0.1:27117';
const prefix = process.env.MONGO_DB_PREFIX ?? 'anlao-';

const password = await readPassword();
const problems = passwordProblems(password);
if (problems.length > 0) {
  process.stderr.write(`create-admin: the password needs ${problems.join(', ')}\n`);
  process.exit(2);
}

await mongoose.connect(mongoUrl, {
  dbName: databaseName({ MONGO_DB_PREFIX: prefix, SERVICE: 'gateway' }),
  retryWrites: false,
});
const Staff = mongoose.model('StaffAccount', StaffAccountSchema);
await Staff.syncIndexes();
const username = args.data.username.toLowerCase();
const existing = await Staff.findOne({ username }).lean().exec();
if (existing) {
  await mongoose.disconnect();
  if (args.data.ifMissing) {
    process.stdout.write(`create-admin: ${username} exists; nothing to do\n`);
    process.exit(0);
  }
  process.stderr.write(`create-admin: ${username} exists\n`);
  process.exit(1);
}
await Staff.create({
  ...(await newStaffAccount({ username, password, role: args.data.role, orgUnit: args.data.orgUnit })),
  ...withEvents([]),
});
await mongoose.disconnect();
process.stdout.write(`create-admin: created ${args.data.role} ${username} for ${args.data.orgUnit}\n`);
