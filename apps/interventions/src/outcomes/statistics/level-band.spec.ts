import { BAND_DECIMALS, LEVEL_BAND_LOWER_BOUNDS, levelBand } from './level-band.js';

describe('levelBand', () => {
  it('puts a mean in the seeds’ bands, lower bound inclusive', () => {
    expect(levelBand(1)).toBe('below-qualified');
    expect(levelBand(2.2499)).toBe('below-qualified');
    expect(levelBand(2.25)).toBe('qualified');
    expect(levelBand(2.9999)).toBe('qualified');
    expect(levelBand(3.0)).toBe('good');
    expect(levelBand(3.7499)).toBe('good');
    expect(levelBand(3.75)).toBe('excellent');
    expect(levelBand(5)).toBe('excellent');
    expect(LEVEL_BAND_LOWER_BOUNDS).toEqual({ qualified: 2.25, good: 3.0, excellent: 3.75 });
  });

  it('classifies after rounding to 9 decimals, so averaging noise does not cross a boundary', () => {
    expect(BAND_DECIMALS).toBe(9);
    const noisy = (3.8 + 4.35 + 3.1) / 3;
    expect(noisy).not.toBe(3.75); // 3.7499999999999996 in binary64
    expect(levelBand(noisy)).toBe('excellent');
    expect(levelBand(3 - 1e-12)).toBe('good');
    expect(levelBand(3 - 1e-8)).toBe('qualified');
  });

  it('passes a missing mean through and refuses a non-finite one', () => {
    expect(levelBand(null)).toBeNull();
    expect(() => levelBand(NaN)).toThrow(RangeError);
    expect(() => levelBand(Infinity)).toThrow(RangeError);
  });
});
