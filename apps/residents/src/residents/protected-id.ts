import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';

/**
 * National ID numbers at rest: a keyed hash to find a person by exact number
 * (and to refuse a second registration), and an AES-256-GCM ciphertext for the
 * roles that must read the number whole. Neither reveals it without the keys.
 */
export class ProtectedIds {
  private readonly hashKey: Buffer;
  private readonly dataKey: Buffer;

  constructor(hashKeyBase64: string, dataKeyBase64: string) {
    this.hashKey = Buffer.from(hashKeyBase64, 'base64');
    this.dataKey = Buffer.from(dataKeyBase64, 'base64');
  }

  hash(nationalId: string): string {
    return createHmac('sha256', this.hashKey).update(nationalId).digest('base64url');
  }

  encrypt(nationalId: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.dataKey, iv);
    const body = Buffer.concat([cipher.update(nationalId, 'utf8'), cipher.final()]);
    return [
      'v1',
      iv.toString('base64url'),
      cipher.getAuthTag().toString('base64url'),
      body.toString('base64url'),
    ].join('.');
  }

  decrypt(sealed: string): string {
    const [version, iv, tag, body] = sealed.split('.');
    if (version !== 'v1' || !iv || !tag || !body) throw new Error('unknown sealed format');
    const decipher = createDecipheriv('aes-256-gcm', this.dataKey, Buffer.from(iv, 'base64url'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString(
      'utf8',
    );
  }
}
