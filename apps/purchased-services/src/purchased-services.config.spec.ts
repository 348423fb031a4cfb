import { PurchasedServicesConfigSchema, purchasedServicesConfigOf } from './purchased-services.config.js';

describe('purchased-services config', () => {
  const KEY = Buffer.alloc(32, 7).toString('base64');

  it('reads the city’s SLA overrides and defaults to none', () => {
    expect(PurchasedServicesConfigSchema.parse({ CARD_DIGEST_KEY: KEY })).toMatchObject({
      SERVICE_SLA_MINUTES: '',
      CARD_DIGEST_KEY: KEY,
      // The settlement job's runner reads the jobs settings (ADR 0027).
      JOBS_RUNNER: 'on',
    });
    expect(
      PurchasedServicesConfigSchema.parse({ CARD_DIGEST_KEY: KEY, JOBS_RUNNER: 'off' }).JOBS_RUNNER,
    ).toBe('off');
    const extra = PurchasedServicesConfigSchema.parse({
      SERVICE_SLA_MINUTES: 'emergency-assistance=20',
      CARD_DIGEST_KEY: KEY,
    });
    expect(purchasedServicesConfigOf({ extra } as never)).toEqual({
      slaOverrides: { 'emergency-assistance': 20 },
      cardDigestKey: KEY,
    });
    expect(purchasedServicesConfigOf({ extra: { CARD_DIGEST_KEY: KEY } } as never)).toEqual({
      slaOverrides: {},
      cardDigestKey: KEY,
    });
  });

  it('needs the card digest key shared with residents', () => {
    expect(() => purchasedServicesConfigOf({ extra: {} } as never)).toThrow(/CARD_DIGEST_KEY/);
  });

  it('refuses a bad setting, naming the problem', () => {
    const result = PurchasedServicesConfigSchema.safeParse({
      SERVICE_SLA_MINUTES: 'teleport=5',
      CARD_DIGEST_KEY: KEY,
    });
    expect(result.success).toBe(false);
    expect(JSON.stringify(result.error?.issues)).toContain('unknown service type \\"teleport\\"');
  });
});
