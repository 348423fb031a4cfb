import { ApiError, apiErrorFrom } from './problem';
import { endSession, refreshSession, session } from './session';

export type Query = Record<string, string | number | boolean | undefined | null>;

export function withQuery(path: string, query: Query = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

let onSignedOut: () => void = () => undefined;
/** What to do when the session cannot be renewed (the router sends the user to sign in). */
export function whenSignedOut(handler: () => void): void {
  onSignedOut = handler;
}

async function send(path: string, init: RequestInit): Promise<Response> {
  const token = session.accessToken();
  const headers = new Headers(init.headers);
  if (token) headers.set('authorization', `Bearer ${token}`);
  try {
    return await fetch(path, { ...init, headers });
  } catch {
    throw new ApiError(0, 'network', '');
  }
}

/** Calls the API with the session's token, renewing it once if it expired meanwhile. */
export async function request(path: string, init: RequestInit = {}): Promise<Response> {
  let res = await send(path, init);
  if (res.status === 401 && session.accessToken()) {
    if (await refreshSession()) res = await send(path, init);
    else {
      endSession();
      onSignedOut();
    }
  }
  if (!res.ok) throw await apiErrorFrom(res);
  return res;
}

export async function getJson<T>(path: string, query?: Query): Promise<T> {
  const res = await request(withQuery(path, query), { headers: { accept: 'application/json' } });
  return (await res.json()) as T;
}

export async function sendJson<T>(
  method: 'POST' | 'PUT' | 'PATCH' | 'DELETE',
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<T> {
  // No body, no content type: the services refuse an empty body that claims to be JSON.
  const res = await request(path, {
    method,
    headers: {
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      accept: 'application/json',
      ...headers,
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

/** One page of a cursor-paged list: `{ items, next }`, `next` passed back as `after` (or `cursor`). */
export interface Page<T> {
  items: T[];
  next?: string | null;
}

/** Saves a file the API renders (CSV, Excel), with the session's token. */
export async function downloadFromApi(path: string, query: Query, fileName: string): Promise<void> {
  const res = await request(withQuery(path, query));
  saveBlob(await res.blob(), fileName);
}

export function saveBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
