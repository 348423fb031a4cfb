/**
 * Tokens for a load that runs for hours: access tokens live 10 minutes (the gateway's
 * ACCESS_TOKEN_TTL_SECONDS and CLIENT_TOKEN_TTL_SECONDS), so each is renewed a minute before
 * it ends — staff by their refresh token (8 hours; then by signing in again), centres by their
 * client credentials. A 401 renews at once and sends the request again, once.
 */
import { call, sleep } from './demo-http.js';

/** Renew this long before a token ends. */
const MARGIN_MS = 60_000;

interface Issued {
  accessToken: string;
  expiresIn: number;
  refreshToken?: string;
}

async function issued(res: Promise<Response>, what: string): Promise<Issued> {
  const r = await res;
  if (r.status >= 400) throw new Error(`${what}: ${r.status} ${await r.text()}`);
  return (await r.json()) as Issued;
}

export abstract class Session {
  private current: { token: string; until: number } | null = null;
  private renewing: Promise<string> | null = null;
  /** The earliest time the next request may go (see `pace`). */
  private nextAt = 0;

  /** `perSecond`: this caller's pace, under the gateway's RATE_LIMIT_PER_MINUTE (600) per caller. */
  constructor(private readonly perSecond = Infinity) {}

  protected abstract issue(refresh: boolean): Promise<Issued>;

  /** A token valid for at least a minute more. One renewal at a time: a refresh token is used once. */
  async token(): Promise<string> {
    if (this.current && Date.now() < this.current.until - MARGIN_MS) return this.current.token;
    this.renewing ??= this.issue(this.current !== null)
      .then((t) => {
        this.current = { token: t.accessToken, until: Date.now() + t.expiresIn * 1000 };
        return t.accessToken;
      })
      .finally(() => {
        this.renewing = null;
      });
    return this.renewing;
  }

  /** Forgets a token the gateway refused. */
  invalidate(token: string): void {
    if (this.current?.token === token) this.current = { ...this.current, until: 0 };
  }

  private async pace(): Promise<void> {
    if (this.perSecond === Infinity) return;
    const now = Date.now();
    const at = Math.max(now, this.nextAt);
    this.nextAt = at + 1000 / this.perSecond;
    if (at > now) await sleep(at - now);
  }

  /** `call` with this session's token (renewed as needed; a 401 renews and sends once more). */
  async call(
    method: string,
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<Response> {
    for (let attempt = 1; ; attempt++) {
      await this.pace();
      const token = await this.token();
      const res = await call(method, path, token, body, headers);
      if (res.status !== 401 || attempt === 2) return res;
      await res.body?.cancel();
      this.invalidate(token);
    }
  }
}

/** A staff account: signed in once, then refreshed; signed in again when the refresh fails. */
export class StaffSession extends Session {
  private refreshToken: string | null = null;

  constructor(
    private readonly username: string,
    private readonly password: string,
    perSecond?: number,
  ) {
    super(perSecond);
  }

  protected async issue(refresh: boolean): Promise<Issued> {
    if (refresh && this.refreshToken) {
      const res = await call('POST', '/auth/refresh', null, { refreshToken: this.refreshToken });
      if (res.ok) return this.keep((await res.json()) as Issued);
      await res.body?.cancel();
    }
    const t = await issued(
      call('POST', '/auth/sign-in', null, { username: this.username, password: this.password }),
      `sign in as ${this.username}`,
    );
    return this.keep(t);
  }

  private keep(t: Issued): Issued {
    this.refreshToken = t.refreshToken ?? null;
    return t;
  }
}

/** A centre's API client: a new token from its credentials whenever the last one nears its end. */
export class ClientSession extends Session {
  constructor(
    private readonly credentials: { clientId: string; clientSecret: string },
    private readonly what: string,
  ) {
    super();
  }

  protected issue(): Promise<Issued> {
    return issued(call('POST', '/auth/token', null, this.credentials), `token for ${this.what}`);
  }
}
