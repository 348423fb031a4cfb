import { randomBytes } from 'node:crypto';
import { ProtectedIds } from './protected-id.js';

const key = () => randomBytes(32).toString('base64');

describe('ProtectedIds', () => {
  const ids = new ProtectedIds(key(), key());

  it('hashes the same number the same way, under one key only', () => {
    expect(ids.hash('11010519491231002X')).toBe(ids.hash('11010519491231002X'));
    expect(ids.hash('11010519491231002X')).not.toBe(
      new ProtectedIds(key(), key()).hash('11010519491231002X'),
    );
  });

  it('encrypts with a fresh nonce and decrypts back; a tampered value fails', () => {
    const a = ids.encrypt('11010519491231002X');
    expect(a).not.toBe(ids.encrypt('11010519491231002X'));
    expect(a).not.toContain('1101051949');
    expect(ids.decrypt(a)).toBe('11010519491231002X');
    const parts = a.split('.');
    parts[3] = `${parts[3]?.slice(0, -2)}AA`;
    expect(() => ids.decrypt(parts.join('.'))).toThrow();
  });
});
