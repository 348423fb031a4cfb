import { localDay } from './time.js';

describe('localDay', () => {
  it('puts an early-morning Beijing instant on its local day', () => {
    expect(localDay('2026-11-24T23:30:00.000Z', 'Asia/Shanghai')).toBe('2026-11-25');
    expect(localDay('2026-11-24T23:30:00.000Z', 'UTC')).toBe('2026-11-24');
  });
  it('handles the last instant of a local day', () => {
    expect(localDay('2026-11-25T15:59:59.999Z', 'Asia/Shanghai')).toBe('2026-11-25');
    expect(localDay('2026-11-25T16:00:00.000Z', 'Asia/Shanghai')).toBe('2026-11-26');
  });
});
