import { computed, type WritableComputedRef } from 'vue';
import { useRoute, useRouter, type LocationQueryRaw } from 'vue-router';
import { session } from '../../api/session';
import { thisMonth } from '../../format/format';

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

function single(value: unknown): string {
  if (Array.isArray(value)) return single(value[0]);
  return typeof value === 'string' ? value.trim() : '';
}

/**
 * A report page's state kept in the route query (`?unit=&month=…`), so a URL can be shared and
 * edited. A missing unit is the account's own org unit, a missing or malformed month this month.
 * Writing a value pushes a new history entry (the back button undoes a drill-down).
 */
export function useReportQuery(): {
  unit: WritableComputedRef<string>;
  month: WritableComputedRef<string>;
  param: (name: string) => string;
  update: (patch: Record<string, string | undefined>) => void;
} {
  const route = useRoute();
  const router = useRouter();

  function update(patch: Record<string, string | undefined>): void {
    const query: LocationQueryRaw = { ...route.query };
    for (const [key, value] of Object.entries(patch)) {
      if (value === undefined || value === '') delete query[key];
      else query[key] = value;
    }
    void router.push({ query });
  }

  const unit = computed({
    get: () => single(route.query.unit) || session.staff.value?.orgUnit || '',
    set: (value: string) => update({ unit: value }),
  });
  const month = computed({
    get: () => {
      const value = single(route.query.month);
      return MONTH.test(value) ? value : thisMonth();
    },
    set: (value: string) => update({ month: value }),
  });
  return { unit, month, param: (name) => single(route.query[name]), update };
}
