import { PurchasedServicesConfigSchema, purchasedServicesConfigOf } from './purchased-services.config.js';

describe('purchased-services config', () => {
  it('reads the city’s SLA overrides and defaults to none', () => {
    expect(PurchasedServicesConfigSchema.parse({})).toEqual({ SERVICE_SLA_MINUTES: '' });
    const extra = PurchasedServicesConfigSchema.parse({ SERVICE_SLA_MINUTES: 'emergency-assistance=20' });
    expect(purchasedServicesConfigOf({ extra } as never)).toEqual({
      slaOverrides: { 'emergency-assistance': 20 },
    });
    expect(purchasedServicesConfigOf({ extra: {} } as never)).toEqual({ slaOverrides: {} });
  });

  it('refuses a bad setting, naming the problem', () => {
    const result = PurchasedServicesConfigSchema.safeParse({ SERVICE_SLA_MINUTES: 'teleport=5' });
    expect(result.success).toBe(false);
    expect(JSON.stringify(result.error?.issues)).toContain('unknown service type \\"teleport\\"');
  });
});
