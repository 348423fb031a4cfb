import { DomainError } from '#anlao/platform';
import { dayItemOf, dayPage, filterDay, historyItemOf, historyPage, type VisitRead } from './visit-views.js';

const at = (hhmm: string) => new Date(`2026-11-25T${hhmm}:00.000Z`);
const visit = (visitId: string, checkIn: string, extra: Partial<VisitRead> = {}): VisitRead => ({
  _id: `c-1:${visitId}`,
  visitId,
  centreId: 'c-1',
  residentId: 'r-1',
  activity: 'meal',
  day: '2026-11-25',
  checkInAt: at(checkIn),
  checkOutAt: null,
  voidedAt: null,
  voidReason: null,
  ...extra,
});
const ids = (page: { items: VisitRead[] }) => page.items.map((v) => v.visitId);

describe('visit views', () => {
  it('tells open, closed and voided visits apart, and shows a void reason only when voided', () => {
    expect(dayItemOf(visit('a', '01:00')).status).toBe('open');
    expect(dayItemOf(visit('a', '01:00', { checkOutAt: at('02:00') }))).toEqual({
      visitId: 'a',
      residentId: 'r-1',
      activity: 'meal',
      checkInAt: '2026-11-25T01:00:00.000Z',
      checkOutAt: '2026-11-25T02:00:00.000Z',
      status: 'closed',
      voidReason: null,
    });
    const voided = visit('a', '01:00', { voidedAt: at('03:00'), voidReason: 'duplicate-entry' });
    expect(historyItemOf(voided)).toMatchObject({
      status: 'voided',
      voidReason: 'duplicate-entry',
      centreId: 'c-1',
    });
  });

  it('filters a day by activity and resident, voided visits only when asked', () => {
    const day = [
      visit('a', '01:00'),
      visit('b', '02:00', { activity: 'recreation' }),
      visit('c', '03:00', { residentId: 'r-2' }),
      visit('d', '04:00', { voidedAt: at('05:00') }),
    ];
    const f = (filter: Parameters<typeof filterDay>[1]) => filterDay(day, filter).map((v) => v.visitId);
    expect(f({ includeVoided: false })).toEqual(['a', 'b', 'c']);
    expect(f({ includeVoided: true })).toEqual(['a', 'b', 'c', 'd']);
    expect(f({ includeVoided: false, activity: 'recreation' })).toEqual(['b']);
    expect(f({ includeVoided: true, residentId: 'r-1', activity: 'meal' })).toEqual(['a', 'd']);
  });
});

describe('paging in memory', () => {
  const day = [visit('c', '02:00'), visit('b', '01:00'), visit('a', '02:00'), visit('d', '03:00')];

  it('pages a day by check-in, then visit id, the last page with no next', () => {
    const first = dayPage(day, { limit: 2 });
    expect(ids(first)).toEqual(['b', 'a']);
    expect(first.next).toBe('2026-11-25T02:00:00.000Z~a');
    const second = dayPage(day, { after: first.next ?? '', limit: 2 });
    expect(ids(second)).toEqual(['c', 'd']);
    expect(second.next).toBeNull();
    expect(dayPage(day, { limit: 4 }).next).toBeNull();
  });

  it('keeps its place by key when the visit of the cursor has gone from the list', () => {
    const page = dayPage(
      day.filter((v) => v.visitId !== 'a'),
      { after: '2026-11-25T02:00:00.000Z~a', limit: 5 },
    );
    expect(ids(page)).toEqual(['c', 'd']);
  });

  it('pages a history newest first, across centres, leaving out visits stored without a day', () => {
    const history = [
      visit('a', '01:00'),
      { ...visit('a', '03:00'), _id: 'c-2:a', centreId: 'c-2' },
      visit('b', '03:00'),
      { ...visit('old', '04:00'), day: undefined },
    ];
    const first = historyPage(history, { limit: 2 });
    expect(first.items.map((v) => v._id)).toEqual(['c-2:a', 'c-1:b']);
    expect(first.next).toBe('2026-11-25T03:00:00.000Z~c-1:b');
    const rest = historyPage(history, { after: first.next ?? '', limit: 2 });
    expect(rest.items.map((v) => v._id)).toEqual(['c-1:a']);
    expect(rest.next).toBeNull();
  });

  it('refuses a cursor that no page gave as a 400', () => {
    for (const after of ['a', '2026-02-30T00:00:00.000Z~a', '2026-11-25T01:00:00.000Z~c-1:a']) {
      expect(() => dayPage(day, { after, limit: 2 })).toThrow(DomainError);
    }
    expect(() => historyPage(day, { after: '2026-11-25T01:00:00.000Z~a', limit: 2 })).toThrow(DomainError);
  });
});
