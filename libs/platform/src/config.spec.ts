import { generateKeyPairSync } from 'node:crypto';
import { ConfigError, databaseName, loadConfig } from './config.js';

const { publicKey } = generateKeyPairSync('ec', {
  namedCurve: 'P-256',
  publicKeyEncoding: { type: 'spki', format: 'pem' },
  privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
});
const KEY = { AUTH_PUBLIC_KEY: publicKey };

describe('loadConfig', () => {
  it('uses local-mode defaults', () => {
    const cfg = loadConfig('centres', 3002, { ...KEY });
    expect(cfg.PORT).toBe(3002);
    expect(cfg.MONGO_URL).toBe('mongodb://127.0.0.1:27117');
    expect(cfg.KAFKA_BROKERS).toBe('127.0.0.1:19092');
    expect(databaseName(cfg)).toBe('anlao-centres');
  });

  it('names every bad variable and never echoes its value', () => {
    let error: unknown;
    try {
      loadConfig('centres', 3002, { PORT: 'eighty', KAFKA_BROKERS: 'secret-host', LOG_LEVEL: 'loud' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as ConfigError).message;
    expect(message).toContain('PORT');
    expect(message).toContain('KAFKA_BROKERS');
    expect(message).toContain('LOG_LEVEL');
    expect(message).not.toContain('secret-host');
  });

  it('requires explicit clusters in production', () => {
    expect(() => loadConfig('centres', 3002, { ...KEY, NODE_ENV: 'production' })).toThrow(
      /MONGO_URL: required in production/,
    );
  });

  it('refuses an unknown time zone', () => {
    expect(() => loadConfig('centres', 3002, { ...KEY, TIME_ZONE: 'Mars/Olympus' })).toThrow(/TIME_ZONE/);
  });

  it('requires a readable EC public key to verify tokens', () => {
    expect(() => loadConfig('centres', 3002, {})).toThrow(
      /AUTH_PUBLIC_KEY: AUTH_PUBLIC_KEY or AUTH_PUBLIC_KEY_FILE is required/,
    );
    expect(() => loadConfig('centres', 3002, { AUTH_PUBLIC_KEY: 'not a key' })).toThrow(
      /AUTH_PUBLIC_KEY: must be a readable PEM EC/,
    );
    expect(() => loadConfig('centres', 3002, { AUTH_PUBLIC_KEY_FILE: '/nonexistent/key.pem' })).toThrow(
      /AUTH_PUBLIC_KEY_FILE/,
    );
  });
});
