/** Where `deploy/local/infra.sh` runs Kafka and the document store. */
export const LOCAL_KAFKA_BROKERS = '127.0.0.1:19092';
export const LOCAL_MONGO_URL = 'mongodb://127.0.0.1:27117';

/**
 * The password of every demo staff account, printed by `npm start` and in the README: demo
 * accounts exist only on the local infrastructure (`demoAccountsAllowed`). `ANLAO_DEMO_PASSWORD`
 * overrides it for a loader run by hand.
 */
export const DEMO_PASSWORD = 'anlao-demo-passphrase';

/** The demo city's first account: made by the gateway's create-admin command, it makes the others. */
export const DEMO_CITY_ADMIN = { username: 'demo.city-admin', orgUnit: '2101' } as const;

/** The password the demo loaders use: `ANLAO_DEMO_PASSWORD` if set, else the demo one. */
export function demoPassword(env: Readonly<Record<string, string | undefined>> = process.env): string {
  return env.ANLAO_DEMO_PASSWORD ?? DEMO_PASSWORD;
}

/**
 * Demo staff accounts share a password printed in the README, so they may exist
 * only on the throwaway infrastructure `npm start` runs itself. The test is the
 * one `infra.sh` uses for its external mode: both `KAFKA_BROKERS` and
 * `MONGO_URL` set, and either pointing anywhere but the local defaults. A
 * loopback address is not proof of a local store (an SSH tunnel looks the same).
 */
export function demoAccountsAllowed(env: Readonly<Record<string, string | undefined>>): boolean {
  const kafka = env.KAFKA_BROKERS?.trim();
  const mongo = env.MONGO_URL?.trim();
  if (!kafka || !mongo) return true;
  return kafka === LOCAL_KAFKA_BROKERS && mongo === LOCAL_MONGO_URL;
}

/**
 * The demo city's generation: bump it whenever the generator draws a different city (other people,
 * other ids), so `npm start` clears a local store loaded by an older one instead of mixing the two.
 */
export const DEMO_CITY_VERSION = 3;
