import { generateKeyPairSync } from 'node:crypto';
import { loadConfig } from './config.js';

const { publicKey } = generateKeyPairSync('ec', {
  namedCurve: 'P-256',
  publicKeyEncoding: { type: 'spki', format: 'pem' },
  privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
});

const proxiesOf = (value?: string) =>
  loadConfig('gateway', 3000, {
    AUTH_PUBLIC_KEY: publicKey,
    ...(value === undefined ? {} : { TRUSTED_PROXIES: value }),
  }).TRUSTED_PROXIES;

describe('TRUSTED_PROXIES', () => {
  it('trusts no proxy by default', () => {
    expect(proxiesOf()).toEqual([]);
    expect(proxiesOf('')).toEqual([]);
  });

  it('reads addresses and CIDR ranges of both families', () => {
    expect(proxiesOf('10.0.0.0/8, 192.168.1.7,fd00::/8 ,::1')).toEqual([
      '10.0.0.0/8',
      '192.168.1.7',
      'fd00::/8',
      '::1',
    ]);
  });

  it.each(['*', 'true', 'proxy.example', '10.0.0.0/33', '10.0.0.1/8/8', '::1/129', '10.0.0/8'])(
    'refuses %s at start',
    (value) => {
      expect(() => proxiesOf(value)).toThrow(/TRUSTED_PROXIES: comma-separated IP addresses or CIDR ranges/);
    },
  );
});
