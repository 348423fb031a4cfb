import { computed, reactive } from 'vue';
import { ApiError, apiErrorFrom } from './problem';

export type StaffRole = 'city-admin' | 'district-staff' | 'street-staff' | 'hotline-operator' | 'auditor';

export interface SignedInStaff {
  subject: string;
  username: string;
  role: StaffRole;
  orgUnit: string;
}

interface Tokens {
  accessToken: string;
  refreshToken: string;
}

// Per tab, gone when the browser closes: a shared municipal PC must not keep a session for the next user.
const STORAGE_KEY = 'anlao.session';

const state = reactive<{ tokens: Tokens | null; staff: SignedInStaff | null }>({ tokens: null, staff: null });

function decodeClaims(token: string): Record<string, unknown> {
  const payload = token.split('.')[1] ?? '';
  const bytes = Uint8Array.from(atob(payload.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0));
  return JSON.parse(new TextDecoder().decode(bytes)) as Record<string, unknown>;
}

function adopt(tokens: Tokens, username: string): void {
  const claims = decodeClaims(tokens.accessToken);
  state.tokens = tokens;
  state.staff = {
    subject: typeof claims.sub === 'string' ? claims.sub : '',
    username,
    role: claims.role as StaffRole,
    orgUnit: typeof claims.orgUnit === 'string' ? claims.orgUnit : '',
  };
  sessionStorage.setItem(STORAGE_KEY, JSON.stringify({ tokens, username }));
}

function forget(): void {
  state.tokens = null;
  state.staff = null;
  sessionStorage.removeItem(STORAGE_KEY);
}

export function restoreSession(): void {
  const saved = sessionStorage.getItem(STORAGE_KEY);
  if (!saved) return;
  try {
    const { tokens, username } = JSON.parse(saved) as { tokens: Tokens; username: string };
    adopt(tokens, username);
  } catch {
    forget();
  }
}

export const session = {
  staff: computed(() => state.staff),
  signedIn: computed(() => state.staff !== null),
  accessToken: (): string | null => state.tokens?.accessToken ?? null,
};

async function postJson(path: string, body: unknown, token?: string): Promise<Response> {
  try {
    return await fetch(path, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, 'network', '');
  }
}

/** Signs in; `newPassword` answers `auth.password-change-required` after an administrator's reset. */
export async function signIn(username: string, password: string, newPassword?: string): Promise<void> {
  const res = await postJson('/auth/sign-in', {
    username,
    password,
    ...(newPassword ? { newPassword } : {}),
  });
  if (!res.ok) throw await apiErrorFrom(res);
  adopt((await res.json()) as Tokens, username);
}

let refreshing: Promise<boolean> | null = null;

/** Trades the refresh token for a new pair once, however many requests found the access token expired. */
export function refreshSession(): Promise<boolean> {
  refreshing ??= (async () => {
    const tokens = state.tokens;
    const username = state.staff?.username ?? '';
    if (!tokens) return false;
    const res = await postJson('/auth/refresh', { refreshToken: tokens.refreshToken }).catch(() => null);
    if (!res?.ok) {
      forget();
      return false;
    }
    adopt((await res.json()) as Tokens, username);
    return true;
  })().finally(() => {
    refreshing = null;
  });
  return refreshing;
}

export async function signOut(): Promise<void> {
  const token = state.tokens?.accessToken;
  forget();
  if (token) await postJson('/auth/sign-out', {}, token).catch(() => undefined);
}

/** Changes the password; the gateway revokes older tokens, so the caller signs in again. */
export async function changePassword(currentPassword: string, newPassword: string): Promise<void> {
  const token = state.tokens?.accessToken;
  const res = await postJson('/auth/password', { currentPassword, newPassword }, token ?? undefined);
  if (!res.ok) throw await apiErrorFrom(res);
  forget();
}

export function endSession(): void {
  forget();
}
