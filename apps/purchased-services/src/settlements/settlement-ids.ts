import { DomainError } from '#anlao/platform';

/** A settlement month: `YYYY-MM`, months 01-12. */
export const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
/** `<contractId>:<YYYY-MM>`: the contract ids' characters (shared/ids.ts), a colon, a month. */
export const SETTLEMENT_ID = /^[A-Za-z0-9-]{1,64}:\d{4}-(0[1-9]|1[0-2])$/;

/**
 * The statement's id is its contract and month, nothing else: generating it again finds the
 * same document, so "the same statement" needs no lookup table and a race ends in one insert.
 */
export function settlementIdOf(contractId: string, month: string): string {
  return `${contractId}:${month}`;
}

export function parseSettlementId(value: string): string {
  if (!SETTLEMENT_ID.test(value))
    throw new DomainError('invalid', 'request.invalid-id', 'settlementId must be <contractId>:<YYYY-MM>', [
      { field: 'settlementId', message: '<contractId>:<YYYY-MM>' },
    ]);
  return value;
}

/** A month is settled once it has begun: the current month gives a provisional statement, a future one nothing. */
export function assertSettleableMonth(month: string, today: string): string {
  if (month > today.slice(0, 7))
    throw new DomainError('invalid', 'settlement.future-month', 'a month is settled once it has begun', [
      { field: 'month', message: 'this month or earlier' },
    ]);
  return month;
}

/** Whether a contract's period (days, both inclusive) shares at least a day with the month. */
export function periodTouchesMonth(period: { from: string; to: string }, month: string): boolean {
  return period.from.slice(0, 7) <= month && period.to.slice(0, 7) >= month;
}
