import { ConfigError, databaseName, loadConfig } from './config.js';

describe('loadConfig', () => {
  it('uses local-mode defaults', () => {
    const cfg = loadConfig('centres', 3002, {});
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
    expect(() => loadConfig('centres', 3002, { NODE_ENV: 'production' })).toThrow(
      /MONGO_URL: required in production/,
    );
  });

  it('refuses an unknown time zone', () => {
    expect(() => loadConfig('centres', 3002, { TIME_ZONE: 'Mars/Olympus' })).toThrow(/TIME_ZONE/);
  });
});
