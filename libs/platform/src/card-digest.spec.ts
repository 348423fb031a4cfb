import { createHmac } from 'node:crypto';
import { CARD_DIGEST_PATTERN, CardDigestKeySchema, cardDigest, cardDigester } from './card-digest.js';

const KEY = Buffer.alloc(32, 7).toString('base64');
const OTHER_KEY = Buffer.alloc(32, 8).toString('base64');

describe('cardDigest', () => {
  it('is HMAC-SHA256 under the decoded key, base64url of 43 characters', () => {
    const digest = cardDigest(KEY, '8600000000000001');
    const expected = createHmac('sha256', Buffer.alloc(32, 7)).update('8600000000000001').digest('base64url');
    expect(digest).toBe(expected);
    expect(digest).toMatch(CARD_DIGEST_PATTERN);
    expect(digest).not.toContain('8600000000000001');
  });

  it('is stable for one key and differs across numbers and keys', () => {
    const digest = cardDigester(KEY);
    expect(digest('8600000000000001')).toBe(cardDigest(KEY, '8600000000000001'));
    expect(digest('8600000000000002')).not.toBe(digest('8600000000000001'));
    expect(cardDigest(OTHER_KEY, '8600000000000001')).not.toBe(digest('8600000000000001'));
  });

  it('refuses a key that is not 32 bytes', () => {
    expect(() => cardDigester(Buffer.alloc(16).toString('base64'))).toThrow(/32 bytes/);
  });
});

describe('CardDigestKeySchema', () => {
  it('accepts 32 bytes of base64 and refuses anything else without echoing it', () => {
    expect(CardDigestKeySchema.safeParse(KEY).success).toBe(true);
    for (const bad of [undefined, '', 'c2hvcnQ=', Buffer.alloc(33).toString('base64'), `${KEY}!`]) {
      const result = CardDigestKeySchema.safeParse(bad);
      expect(result.success).toBe(false);
      expect(JSON.stringify(result.error?.issues)).toMatch(/CARD_DIGEST_KEY/);
      if (bad) expect(JSON.stringify(result.error?.issues)).not.toContain(bad);
    }
  });
});
