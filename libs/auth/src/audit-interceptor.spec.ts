import { DomainError } from '#anlao/platform';
import { auditFactOf, countIn, filterOf, idsIn, outcomeOf } from './audit-interceptor.js';
import type { Principal } from './principal.js';

const street: Principal = {
  kind: 'staff',
  subject: 's-1',
  role: 'street-staff',
  orgUnit: '2101.210102.210102001',
  version: 1,
  tokenId: 'tok-1',
};

describe('audit facts of a call', () => {
  it('names the ids a single record or a page shows', () => {
    expect(idsIn({ id: 'r-1', name: 'x' })).toEqual(['r-1']);
    expect(idsIn({ items: [{ id: 'r-1' }, { residentId: 'r-2' }, { other: 1 }], next: null })).toEqual([
      'r-1',
      'r-2',
    ]);
    expect(idsIn([{ centreId: 'c-1' }])).toEqual(['c-1']);
    expect(idsIn({ id: 'has space' })).toEqual([]);
    expect(countIn({ items: [1, 2, 3] })).toBe(3);
    expect(countIn([1])).toBe(1);
    expect(countIn({ id: 'r-1' })).toBeNull();
  });

  it('keeps a filter but never the value of a personal key', () => {
    expect(filterOf({ ageBand: '80+', name: '王', phone: '1', limit: 50, cardNumber: 'x' })).toEqual({
      ageBand: '80+',
      name: '[redacted]',
      phone: '[redacted]',
      limit: '50',
      cardNumber: '[redacted]',
    });
  });

  it('records a personal read by route template with the target and its place', () => {
    const fact = auditFactOf({
      auditClass: 'personal-read',
      principal: street,
      method: 'GET',
      routeTemplate: '/residents/:residentId',
      params: { residentId: 'r-9' },
      query: {},
      body: { id: 'r-9', communityPath: '2101.210102.210102001.210102001001' },
      outcome: 'ok',
      correlationId: 'c-1',
    });
    expect(fact).toMatchObject({
      action: 'personal-data.read',
      route: 'GET /residents/:residentId',
      targets: ['r-9'],
      orgUnit: '2101.210102.210102001.210102001001',
      filter: null,
      count: null,
    });
  });

  it('records a list by its filter and count, placed at the actor', () => {
    const fact = auditFactOf({
      auditClass: 'bulk-personal-read',
      principal: street,
      method: 'GET',
      routeTemplate: '/residents',
      params: {},
      query: { livingArrangement: 'alone' },
      body: { items: [{ id: 'r-1' }, { id: 'r-2' }], next: null },
      outcome: 'ok',
      correlationId: 'c-1',
    });
    expect(fact).toMatchObject({
      action: 'personal-data.listed',
      orgUnit: street.orgUnit,
      filter: { livingArrangement: 'alone' },
      count: 2,
      targets: ['r-1', 'r-2'],
    });
  });

  it('states a failure by status and code', () => {
    expect(outcomeOf(new DomainError('not-found', 'resident.not-found', 'no'))).toBe(
      '404 resident.not-found',
    );
    expect(outcomeOf({ status: 400 })).toBe('400');
    expect(outcomeOf(new Error('x'))).toBe('error');
  });
});
