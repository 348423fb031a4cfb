/**
 * One `Idempotency-Key` per order form submission: the same form sent again (a double click, a
 * retry after a lost answer) reuses the key, so the API answers the order it already took; a
 * changed form, or `reset()` for the next call, gets a new key.
 */
export class SubmissionKey {
  private key: string | null = null;
  private body = '';

  for(body: unknown): string {
    const text = JSON.stringify(body);
    if (this.key === null || text !== this.body) {
      this.key = newKey();
      this.body = text;
    }
    return this.key;
  }

  reset(): void {
    this.key = null;
    this.body = '';
  }
}

/** `crypto.randomUUID()` where the browser offers it (secure contexts); a v4 UUID from getRandomValues otherwise. */
export function newKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = ((b[6] ?? 0) & 0x0f) | 0x40;
  b[8] = ((b[8] ?? 0) & 0x3f) | 0x80;
  const hex = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
