import { useRoute, useRouter, type LocationQueryRaw } from 'vue-router';

function single(value: unknown): string {
  if (Array.isArray(value)) return single(value[0]);
  return typeof value === 'string' ? value.trim() : '';
}

/**
 * A page's state in the route query (filters, selection, tab, period), so a URL can be shared and
 * edited. `update` pushes a history entry (the back button undoes it); empty values are dropped.
 */
export function useQueryState(): {
  param: (name: string) => string;
  update: (patch: Record<string, string | undefined>, replace?: boolean) => void;
} {
  const route = useRoute();
  const router = useRouter();
  function update(patch: Record<string, string | undefined>, replace = false): void {
    const query: LocationQueryRaw = { ...route.query };
    for (const [key, value] of Object.entries(patch)) {
      if (value === undefined || value === '') delete query[key];
      else query[key] = value;
    }
    void (replace ? router.replace({ query }) : router.push({ query }));
  }
  return { param: (name) => single(route.query[name]), update };
}
