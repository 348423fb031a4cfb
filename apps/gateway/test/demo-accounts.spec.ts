import { demoAccountsAllowed } from '../../../scripts/demo-accounts.js';

/** `npm start` creates the demo accounts (published password) only on its own local infrastructure. */
describe('demo accounts', () => {
  it.each([
    [{}, true],
    [{ KAFKA_BROKERS: '127.0.0.1:19092', MONGO_URL: 'mongodb://127.0.0.1:27117' }, true],
    // Only one set: infra.sh starts the local pair and the services use it.
    [{ KAFKA_BROKERS: 'kafka-1:9092' }, true],
    [{ MONGO_URL: 'mongodb://db-1:27017' }, true],
    [
      { KAFKA_BROKERS: 'kafka-1:9092,kafka-2:9092', MONGO_URL: 'mongodb://db-1:27017/?replicaSet=rs0' },
      false,
    ],
    [{ KAFKA_BROKERS: '127.0.0.1:19092', MONGO_URL: 'mongodb://db-1:27017' }, false],
    [{ KAFKA_BROKERS: 'kafka-1:9092', MONGO_URL: 'mongodb://127.0.0.1:27117' }, false],
    // A loopback port that is not the local store may be a tunnel to a real cluster.
    [{ KAFKA_BROKERS: 'localhost:9092', MONGO_URL: 'mongodb://localhost:27017' }, false],
  ])('%j → %s', (env, allowed) => {
    expect(demoAccountsAllowed(env)).toBe(allowed);
  });
});
