import { auditedAction } from './audit-rules.js';

describe('auditedAction', () => {
  it('audits every write routed to a service', () => {
    expect(auditedAction('POST', '/api/centres/centres/c-1/visits')).toBe('http.write');
    expect(auditedAction('PUT', '/api/centres/centres/c-1')).toBe('http.write');
    expect(auditedAction('DELETE', '/api/residents/residents/r-1')).toBe('http.write');
  });
  it('audits reading a resident record, not lists or other reads', () => {
    expect(auditedAction('GET', '/api/residents/residents/r-1')).toBe('resident.read');
    expect(auditedAction('GET', '/api/residents/cards/8612345678901234')).toBe('resident.read');
    expect(auditedAction('POST', '/api/residents/residents/lookup')).toBe('resident.read');
    expect(auditedAction('GET', '/api/residents/residents?community=1')).toBeNull();
    expect(auditedAction('GET', '/api/residents/residents/r-1/wallet')).toBeNull();
    expect(auditedAction('GET', '/api/centres/centres/c-1')).toBeNull();
  });
  it('leaves the gateway’s own routes to their use cases', () => {
    expect(auditedAction('POST', '/auth/sign-in')).toBeNull();
  });
});
