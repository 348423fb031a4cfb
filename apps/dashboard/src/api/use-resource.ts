import { ref, shallowRef, type Ref, type ShallowRef } from 'vue';
import type { Page } from './http';
import { ApiError } from './problem';

function asApiError(error: unknown): ApiError {
  return error instanceof ApiError ? error : new ApiError(0, 'client', String(error));
}

export interface Resource<T> {
  data: ShallowRef<T | null>;
  loading: Ref<boolean>;
  error: ShallowRef<ApiError | null>;
  load: () => Promise<void>;
}

/** One answer of the API with its loading and error state; a newer load wins over a slower older one. */
export function useResource<T>(fetcher: () => Promise<T>): Resource<T> {
  const data = shallowRef<T | null>(null);
  const loading = ref(false);
  const error = shallowRef<ApiError | null>(null);
  let generation = 0;
  async function load(): Promise<void> {
    const mine = ++generation;
    loading.value = true;
    error.value = null;
    try {
      const value = await fetcher();
      if (mine === generation) data.value = value;
    } catch (e) {
      if (mine === generation) {
        data.value = null;
        error.value = asApiError(e);
      }
    } finally {
      if (mine === generation) loading.value = false;
    }
  }
  return { data, loading, error, load };
}

export interface PagedList<T> {
  rows: ShallowRef<T[]>;
  loading: Ref<boolean>;
  error: ShallowRef<ApiError | null>;
  hasMore: Ref<boolean>;
  reload: () => Promise<void>;
  more: () => Promise<void>;
}

/** A cursor-paged list: the first page on `reload`, the next one on `more`, nothing cut off silently. */
export function usePagedList<T>(fetchPage: (after: string | undefined) => Promise<Page<T>>): PagedList<T> {
  const rows = shallowRef<T[]>([]);
  const loading = ref(false);
  const error = shallowRef<ApiError | null>(null);
  const hasMore = ref(false);
  let cursor: string | undefined;
  let generation = 0;

  async function fetchInto(reset: boolean): Promise<void> {
    const mine = reset ? ++generation : generation;
    loading.value = true;
    error.value = null;
    if (reset) {
      rows.value = [];
      cursor = undefined;
      hasMore.value = false;
    }
    try {
      const page = await fetchPage(cursor);
      if (mine !== generation) return;
      rows.value = [...rows.value, ...page.items];
      cursor = page.next ?? undefined;
      hasMore.value = Boolean(page.next);
    } catch (e) {
      if (mine === generation) error.value = asApiError(e);
    } finally {
      if (mine === generation) loading.value = false;
    }
  }
  return { rows, loading, error, hasMore, reload: () => fetchInto(true), more: () => fetchInto(false) };
}
