import { DomainError } from '#anlao/platform';

/** Provider, worker and contract ids: chosen by the caller (idempotent PUTs), plain characters. */
export const RECORD_ID = /^[A-Za-z0-9-]{1,64}$/;

export function parseId(name: string, value: string): string {
  if (!RECORD_ID.test(value)) {
    throw new DomainError('invalid', 'request.invalid-id', `${name} must be 1-64 letters, digits or dashes`, [
      { field: name, message: 'letters, digits or dashes, at most 64' },
    ]);
  }
  return value;
}
