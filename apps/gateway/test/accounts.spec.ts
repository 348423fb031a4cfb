import request from 'supertest';
import { startGateway } from './gateway-under-test.js';
import { createStaffAccount } from '../src/identity/account.usecases.js';
import { CredentialsRepository } from '../src/identity/credentials.repository.js';
import { bearer, dropDatabases, eventually, uniqueNamespace, type RunningService } from '#anlao/testing';

/**
 * Account operations through the one grant matrix (create, disable, enable,
 * reset, change role) against the real store: who may act on whom, and that
 * the operations that must stop tokens do so at once.
 */
describe('gateway: staff account operations', () => {
  const ns = uniqueNamespace();
  let gateway: RunningService;
  const PASSWORD = 'a long demo passphrase';
  const HEPING = '2101.210102';
  const ids: Record<string, string> = {};

  const signIn = (username: string, password = PASSWORD, newPassword?: string) =>
    request(gateway.url)
      .post('/auth/sign-in')
      .send({ username, password, ...(newPassword ? { newPassword } : {}) });
  const tokenOf = async (username: string) =>
    bearer((await signIn(username).expect(200)).body.accessToken as string);
  const post = (path: string, token: Record<string, string>, body?: object) =>
    request(gateway.url)
      .post(path)
      .set(token)
      .send(body ?? {});

  beforeAll(async () => {
    gateway = await startGateway(ns, {
      SERVICE_URLS: 'centres=http://127.0.0.1:9',
      LOCKOUT_THRESHOLD: '3',
      LOCKOUT_SECONDS: '600',
      // One account signs in a dozen times here; the per-username limit is tested elsewhere.
      SIGN_IN_PER_USERNAME_PER_MINUTE: '1000',
    });
    await createStaffAccount(gateway.app.get(CredentialsRepository), {
      username: 'acc.admin',
      password: PASSWORD,
      role: 'city-admin',
      orgUnit: '2101',
    });
    const admin = await tokenOf('acc.admin');
    for (const [username, role, orgUnit] of [
      ['heping.district', 'district-staff', HEPING],
      ['heping.district2', 'district-staff', HEPING],
      ['heping.auditor', 'auditor', HEPING],
      ['city.auditor', 'auditor', '2101'],
      ['street.one', 'street-staff', `${HEPING}.210102001`],
      ['street.two', 'street-staff', `${HEPING}.210102002`],
      ['shenhe.street', 'street-staff', '2101.210103.210103001'],
    ] as const) {
      const res = await post('/admin/staff', admin, { username, password: PASSWORD, role, orgUnit }).expect(
        201,
      );
      ids[username] = res.body.staffId as string;
    }
  });

  afterAll(async () => {
    await gateway?.close();
    await dropDatabases(ns.dbPrefix);
  });

  it('lets district staff disable neither an auditor, nor outside the district, nor themselves', async () => {
    const district = await tokenOf('heping.district');
    const auditorHere = await post(`/admin/staff/${ids['heping.auditor']}/disable`, district).expect(403);
    expect(auditorHere.headers['content-type']).toContain('application/problem+json');
    expect(auditorHere.body.code).toBe('auth.role-not-grantable');
    // Accounts above or beside the district read as unknown.
    const cityAuditor = await post(`/admin/staff/${ids['city.auditor']}/disable`, district).expect(404);
    const shenhe = await post(`/admin/staff/${ids['shenhe.street']}/disable`, district).expect(404);
    const unknown = await post('/admin/staff/no-such-account/disable', district).expect(404);
    expect(cityAuditor.body.code).toBe('staff.not-found');
    expect(shenhe.body.code).toBe(unknown.body.code);
    expect(
      (await post(`/admin/staff/${ids['heping.district']}/disable`, district).expect(403)).body.code,
    ).toBe('staff.self-forbidden');
    // Nothing happened to them.
    await signIn('heping.auditor').expect(200);
    await signIn('city.auditor').expect(200);
  });

  it('disables and enables an account it may manage; old tokens stay revoked', async () => {
    const district = await tokenOf('heping.district');
    const before = await signIn('street.two').expect(200);
    await post(`/admin/staff/${ids['street.two']}/disable`, district).expect(204);
    await signIn('street.two').expect(401);
    await post(`/admin/staff/${ids['street.two']}/enable`, district).expect(204);
    await signIn('street.two').expect(200);
    await request(gateway.url)
      .post('/auth/refresh')
      .send({ refreshToken: before.body.refreshToken })
      .expect(401);
    // Enabling is managed by the same matrix: not an auditor.
    expect((await post(`/admin/staff/${ids['heping.auditor']}/enable`, district).expect(403)).body.code).toBe(
      'auth.role-not-grantable',
    );
  });

  it('changes a role only to a grantable one, and revokes the tokens that carry the old role', async () => {
    const admin = await tokenOf('acc.admin');
    const district = await tokenOf('heping.district');
    const promote = await post(`/admin/staff/${ids['street.one']}/role`, district, {
      role: 'district-staff',
    });
    expect(promote.status).toBe(403);
    expect(promote.body.code).toBe('auth.role-not-grantable');
    await post(`/admin/staff/${ids['street.one']}/role`, district, { role: 'superuser' }).expect(400);

    const old = await signIn('heping.district2').expect(200);
    const oldToken = bearer(old.body.accessToken as string);
    await request(gateway.url).get('/admin/staff').set(oldToken).expect(200);
    const changed = await post(`/admin/staff/${ids['heping.district2']}/role`, admin, {
      role: 'street-staff',
    }).expect(200);
    expect(changed.body).toMatchObject({ staffId: ids['heping.district2'], role: 'street-staff' });

    const refused = await request(gateway.url).get('/admin/staff').set(oldToken).expect(401);
    expect(refused.body.code).toBe('auth.revoked');
    await request(gateway.url)
      .post('/auth/refresh')
      .send({ refreshToken: old.body.refreshToken })
      .expect(401);
    // A fresh token carries the new, narrower role.
    const fresh = await tokenOf('heping.district2');
    await request(gateway.url).get('/admin/staff').set(fresh).expect(403);
  });

  it('resets a password: a one-time password that must be replaced, tokens revoked, a lock lifted', async () => {
    const district = await tokenOf('heping.district');
    const before = await signIn('street.one').expect(200);
    for (let i = 0; i < 3; i++) await signIn('street.one', 'a wrong guess, surely').expect(401);
    await signIn('street.one').expect(429);

    const reset = await post(`/admin/staff/${ids['street.one']}/reset-password`, district).expect(200);
    const oneTime = reset.body.oneTimePassword as string;
    expect(reset.body.staffId).toBe(ids['street.one']);
    expect(oneTime.length).toBeGreaterThanOrEqual(12);
    await request(gateway.url)
      .post('/auth/refresh')
      .send({ refreshToken: before.body.refreshToken })
      .expect(401);
    await signIn('street.one').expect(401);

    const required = await signIn('street.one', oneTime).expect(403);
    expect(required.body.code).toBe('auth.password-change-required');
    expect((await signIn('street.one', oneTime, 'short').expect(400)).body.code).toBe('auth.weak-password');
    await signIn('street.one', oneTime, 'my very own passphrase').expect(200);
    await signIn('street.one', oneTime).expect(401);
    await signIn('street.one', 'my very own passphrase').expect(200);

    expect(
      (await post(`/admin/staff/${ids['heping.auditor']}/reset-password`, district).expect(403)).body.code,
    ).toBe('auth.role-not-grantable');
    expect(
      (await post(`/admin/staff/${ids['city.auditor']}/reset-password`, district).expect(404)).body.code,
    ).toBe('staff.not-found');
  });

  it('audits every account operation', async () => {
    const auditor = await tokenOf('city.auditor');
    const actions = await eventually(
      async () => {
        const res = await request(gateway.url).get('/audit').set(auditor).query({ limit: 500 }).expect(200);
        const items = (Array.isArray(res.body) ? res.body : res.body.items) as { action: string }[];
        return new Set(items.map((e) => e.action));
      },
      (seen) =>
        [
          'staff.created',
          'staff.disabled',
          'staff.enabled',
          'staff.password-reset',
          'staff.role-changed',
        ].every((a) => seen.has(a)),
    );
    expect(actions.has('staff.role-changed')).toBe(true);
  });
});
