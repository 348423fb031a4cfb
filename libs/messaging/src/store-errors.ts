/** The store refused a write because the unique key (usually `_id`) is taken. */
export function isDuplicateKey(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 11000;
}

interface WriteErrorLike {
  index?: number;
  code?: number;
  err?: { index?: number; code?: number };
}

/**
 * The positions an unordered `insertMany` refused as duplicate keys, or null when
 * anything else failed (then the caller fails the whole call). Used wherever the
 * unique key, not a read before the write, decides who was first.
 */
export function duplicateKeyIndexes(error: unknown): Set<number> | null {
  const writeErrors = (error as { writeErrors?: unknown } | null)?.writeErrors;
  const list = (Array.isArray(writeErrors) ? writeErrors : [writeErrors]) as (WriteErrorLike | undefined)[];
  const out = new Set<number>();
  for (const w of list) {
    const code = w?.code ?? w?.err?.code;
    const index = w?.index ?? w?.err?.index;
    if (code !== 11000 || typeof index !== 'number') return null;
    out.add(index);
  }
  return out.size > 0 ? out : null;
}
