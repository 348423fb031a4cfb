import {
  LEGACY_SERVICE_TYPES,
  MAX_SLA_MINUTES,
  parseSlaOverrides,
  SERVICE_CATALOGUE,
  ServiceType,
  serviceTypeOf,
  slaMinutesOf,
  walletPartOf,
} from './service-catalogue.js';

describe('service catalogue', () => {
  it('holds the six helps and the other services the seeds name, each with a part and an SLA', () => {
    expect(ServiceType.options).toHaveLength(12);
    const sixHelps = ServiceType.options.filter((t) => SERVICE_CATALOGUE[t].sixHelps);
    expect(sixHelps).toEqual([
      'emergency-assistance',
      'medical-assistance',
      'meal-assistance',
      'cleaning-assistance',
      'bathing-assistance',
      'walking-assistance',
    ]);
    for (const type of ServiceType.options) {
      expect(type).toMatch(/^[a-z]+(-[a-z]+)*$/);
      // Only the six helps are paid from a wallet, as residents always did.
      expect(SERVICE_CATALOGUE[type].walletPart === null).toBe(!SERVICE_CATALOGUE[type].sixHelps);
    }
    expect(slaMinutesOf('emergency-assistance')).toBe(30);
    expect(slaMinutesOf('legal-aid')).toBe(48 * 60);
  });

  it('keeps the wallet parts residents debited for the legacy codes', () => {
    expect(Object.fromEntries(Object.keys(LEGACY_SERVICE_TYPES).map((c) => [c, walletPartOf(c)]))).toEqual({
      emergency: 'basic-care',
      medical: 'basic-care',
      meal: 'living-services',
      cleaning: 'living-services',
      bathing: 'living-services',
      shopping: 'living-services',
    });
    expect(serviceTypeOf('shopping')).toBe('walking-assistance');
    expect(walletPartOf('walking-assistance')).toBe('living-services');
    expect(walletPartOf('legal-aid')).toBeUndefined();
  });

  it('finds nothing for unknown codes, prototype names included', () => {
    for (const code of ['transport', 'toString', 'constructor', '__proto__', 'hasOwnProperty', '']) {
      expect(serviceTypeOf(code)).toBeUndefined();
      expect(walletPartOf(code)).toBeUndefined();
    }
  });

  it('parses a city’s SLA overrides and names every problem', () => {
    expect(parseSlaOverrides('')).toEqual({ overrides: {} });
    const parsed = parseSlaOverrides(' emergency-assistance = 20 , meal-assistance=1440 ');
    expect(parsed).toEqual({ overrides: { 'emergency-assistance': 20, 'meal-assistance': 1440 } });
    if ('overrides' in parsed) {
      expect(slaMinutesOf('emergency-assistance', parsed.overrides)).toBe(20);
      expect(slaMinutesOf('legal-aid', parsed.overrides)).toBe(2880);
    }
    expect(
      parseSlaOverrides(
        `meal=10,legal-aid=0,legal-aid=5,bathing-assistance=${MAX_SLA_MINUTES + 1},hygiene-cleaning=1.5,` +
          'cleaning-assistance=5=6,walking-assistance=5,walking-assistance=6',
      ),
    ).toEqual({
      problems: [
        'unknown service type "meal"',
        `legal-aid: minutes must be an integer from 1 to ${MAX_SLA_MINUTES}`,
        `bathing-assistance: minutes must be an integer from 1 to ${MAX_SLA_MINUTES}`,
        `hygiene-cleaning: minutes must be an integer from 1 to ${MAX_SLA_MINUTES}`,
        `cleaning-assistance: minutes must be an integer from 1 to ${MAX_SLA_MINUTES}`,
        'walking-assistance is given twice',
      ],
    });
  });
});
