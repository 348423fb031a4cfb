import type { LocationQuery, LocationQueryRaw } from 'vue-router';
import { FILTER_KEYS, type ResidentFilters } from './types';

/** One value of the route query as text ('' when absent or repeated oddly). */
export function queryText(query: LocationQuery, key: string): string {
  const value = query[key];
  const first = Array.isArray(value) ? value[0] : value;
  return typeof first === 'string' ? first : '';
}

export function filtersFromQuery(query: LocationQuery): ResidentFilters {
  return Object.fromEntries(FILTER_KEYS.map((k) => [k, queryText(query, k)])) as unknown as ResidentFilters;
}

/** The filters as a route query: empty ones left out, so a shared URL names only what was chosen. */
export function queryFromFilters(filters: ResidentFilters): LocationQueryRaw {
  return Object.fromEntries(FILTER_KEYS.filter((k) => filters[k] !== '').map((k) => [k, filters[k]]));
}
