import type { LocationQuery, LocationQueryRaw } from 'vue-router';

/** A route query value as one string (`undefined` when absent or repeated oddly). */
export function queryText(value: LocationQuery[string] | undefined): string | undefined {
  const first = Array.isArray(value) ? value[0] : value;
  return typeof first === 'string' && first !== '' ? first : undefined;
}

/** The current query with `patch` applied; `undefined` or '' removes a key. */
export function patchedQuery(
  query: LocationQuery,
  patch: Record<string, string | undefined>,
): LocationQueryRaw {
  const next: LocationQueryRaw = { ...query };
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined || value === '') delete next[key];
    else next[key] = value;
  }
  return next;
}
