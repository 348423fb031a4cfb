import { applyDecorators } from '@nestjs/common';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsObject,
  ValidateBy,
  ValidateNested,
  type ValidationArguments,
  type ValidationOptions,
} from 'class-validator';
import {
  daysFromTo,
  isCalendarDay,
  isOrgUnitCode,
  isOrgUnitPath,
  parseInstant,
  todayForInput,
} from './input-rules.js';

/**
 * The one set of field rules every DTO uses for dates, instants, org units and
 * nested lists (see ADR 0014). A bound given as `'today'` is the city's today,
 * read when the request is validated.
 */

/** A day `YYYY-MM-DD`, or `'today'`. */
export type DayBound = string;

export interface DayRange {
  /** Earliest accepted day (inclusive); default 2000-01-01. */
  from?: DayBound;
  /** Latest accepted day (inclusive); default 2100-12-31. */
  to?: DayBound;
}

export const OPERATIONAL_DAYS: Required<DayRange> = { from: '2000-01-01', to: '2100-12-31' };
export const BIRTH_DAYS: Required<DayRange> = { from: '1900-01-01', to: 'today' };

const resolve = (bound: DayBound): string => (bound === 'today' ? todayForInput() : bound);

/** A real calendar day `YYYY-MM-DD` within a range (2000-01-01..2100-12-31 unless told). */
export function IsDay(range: DayRange = {}, options?: ValidationOptions): PropertyDecorator {
  const { from, to } = { ...OPERATIONAL_DAYS, ...range };
  return ValidateBy(
    {
      name: 'isDay',
      validator: {
        validate: (value: unknown) => isCalendarDay(value) && value >= resolve(from) && value <= resolve(to),
        defaultMessage: (args?: ValidationArguments) =>
          `${args?.property ?? 'value'} must be a calendar day YYYY-MM-DD from ${from} to ${to}`,
      },
    },
    options,
  );
}

/** A calendar month `YYYY-MM` from 2000-01 to 2100-12. */
export function IsMonth(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isMonth',
      validator: {
        validate: (value: unknown) =>
          typeof value === 'string' &&
          /^\d{4}-\d{2}$/.test(value) &&
          isCalendarDay(`${value}-01`) &&
          value >= OPERATIONAL_DAYS.from.slice(0, 7) &&
          value <= OPERATIONAL_DAYS.to.slice(0, 7),
        defaultMessage: (args?: ValidationArguments) =>
          `${args?.property ?? 'value'} must be a month YYYY-MM from 2000-01 to 2100-12`,
      },
    },
    options,
  );
}

/** A birth date: a real day from 1900-01-01 to today. */
export function IsBirthDate(options?: ValidationOptions): PropertyDecorator {
  return IsDay(BIRTH_DAYS, options);
}

/** A day of death: a real day, not in the future (not before birth is the domain's check). */
export function IsDeathDate(options?: ValidationOptions): PropertyDecorator {
  return IsDay(BIRTH_DAYS, options);
}

/**
 * The end of a period: a day on or after the property `fromProperty`, and at
 * most `maxDays` days after it (both inclusive, so `maxDays: 365` allows 366 days).
 */
export function IsPeriodEnd(
  fromProperty: string,
  maxDays: number,
  options?: ValidationOptions,
): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isPeriodEnd',
      constraints: [fromProperty, maxDays],
      validator: {
        validate: (value: unknown, args?: ValidationArguments) => {
          const from = (args?.object as Record<string, unknown> | undefined)?.[fromProperty];
          // A bad `from` is reported on its own field.
          if (!isCalendarDay(from) || !isCalendarDay(value)) return true;
          const span = daysFromTo(from, value);
          return span >= 0 && span <= maxDays;
        },
        defaultMessage: (args?: ValidationArguments) =>
          `${args?.property ?? 'value'} must be on or after ${fromProperty} and at most ${maxDays} days after it`,
      },
    },
    options,
  );
}

export interface InstantRange {
  /** Earliest accepted instant (inclusive); default 2000-01-01T00:00:00Z. */
  notBefore?: string;
  /** How far ahead of the server's clock an instant may be; default one day. */
  maxAheadMs?: number;
}

export const DEFAULT_INSTANT_RANGE: Required<InstantRange> = {
  notBefore: '2000-01-01T00:00:00Z',
  maxAheadMs: 24 * 3_600_000,
};

/** An ISO 8601 instant with a zone (`Z` or ±hh:mm), real, within a sane range. */
export function IsInstant(range: InstantRange = {}, options?: ValidationOptions): PropertyDecorator {
  const { notBefore, maxAheadMs } = { ...DEFAULT_INSTANT_RANGE, ...range };
  const earliest = Date.parse(notBefore);
  return ValidateBy(
    {
      name: 'isInstant',
      validator: {
        validate: (value: unknown) => {
          const instant = parseInstant(value);
          return (
            instant !== null && instant.getTime() >= earliest && instant.getTime() <= Date.now() + maxAheadMs
          );
        },
        defaultMessage: (args?: ValidationArguments) =>
          `${args?.property ?? 'value'} must be an ISO 8601 instant with a zone (Z or ±hh:mm), ` +
          `not before ${notBefore} and at most ${Math.round(maxAheadMs / 3_600_000)} h ahead`,
      },
    },
    options,
  );
}

/** An org-unit code: digits, extending the national division codes (`210102001`). */
export function IsOrgUnitCode(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isOrgUnitCode',
      validator: {
        validate: isOrgUnitCode,
        defaultMessage: (args?: ValidationArguments) =>
          `${args?.property ?? 'value'} must be an org-unit code (2-15 digits)`,
      },
    },
    options,
  );
}

/** An org-unit path: codes joined by dots, each extending its parent's (`2101.210102.210102001`). */
export function IsOrgUnitPath(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isOrgUnitPath',
      validator: {
        validate: isOrgUnitPath,
        defaultMessage: (args?: ValidationArguments) =>
          `${args?.property ?? 'value'} must be org-unit codes joined by dots, each extending its parent's`,
      },
    },
    options,
  );
}

/**
 * A list of nested objects: an array (of bounded size) whose every element is
 * an object (`[[]]` is refused, not silently accepted) validated as `type`.
 */
export function NestedList(
  type: () => new () => object,
  size: { min?: number; max: number },
): PropertyDecorator {
  return applyDecorators(
    IsArray(),
    ...(size.min !== undefined ? [ArrayMinSize(size.min)] : []),
    ArrayMaxSize(size.max),
    IsObject({ each: true, message: '$property must hold objects' }),
    ValidateNested({ each: true }),
    Type(type),
  );
}

/** One nested object validated as `type` (an array or a primitive is refused). */
export function NestedObject(type: () => new () => object): PropertyDecorator {
  return applyDecorators(IsObject(), ValidateNested(), Type(type));
}

export const MULTI_LINE_TEXT = Symbol('anlao.multi-line-text');

/**
 * Marks a free-text field where tab and line breaks are allowed; every other
 * control character is still refused (see `common-input-checks.ts`).
 */
export function MultiLineText(): PropertyDecorator {
  return (target, key) => Reflect.defineMetadata(MULTI_LINE_TEXT, true, target, key);
}
