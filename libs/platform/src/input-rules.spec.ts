import 'reflect-metadata';
import { ApiProperty } from '@nestjs/swagger';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import {
  hasControlCharacters,
  isCalendarDay,
  isOrgUnitCode,
  isOrgUnitPath,
  parseInstant,
  todayForInput,
  addDays,
} from './input-rules.js';
import {
  IsBirthDate,
  IsDay,
  IsInstant,
  IsMonth,
  IsOrgUnitPath,
  IsPeriodEnd,
  NestedList,
} from './input-validators.js';
import { commonInputProblems } from './common-input-checks.js';
import { MultiLineText } from './input-validators.js';

describe('calendar days', () => {
  it.each([
    ['2026-02-28', true],
    ['2024-02-29', true],
    ['2000-02-29', true],
    ['2026-12-31', true],
    ['2026-02-29', false],
    ['1900-02-29', false],
    ['2026-02-30', false],
    ['2026-02-31', false],
    ['2026-04-31', false],
    ['2026-13-01', false],
    ['2026-00-10', false],
    ['2026-01-00', false],
    ['9999-99-99', false],
    ['0000-01-01', false],
    ['2026-1-01', false],
    ['2026-01-01T00:00:00Z', false],
    [' 2026-01-01', false],
    [20260101, false],
    [null, false],
  ])('%p is a calendar day: %p', (value, expected) => {
    expect(isCalendarDay(value)).toBe(expected);
  });
});

describe('instants', () => {
  it.each([
    ['2026-11-25T01:30:00Z', '2026-11-25T01:30:00.000Z'],
    ['2026-11-25T01:30Z', '2026-11-25T01:30:00.000Z'],
    ['2026-11-25T09:30:00+08:00', '2026-11-25T01:30:00.000Z'],
    ['2026-11-25T01:30:00.123456Z', '2026-11-25T01:30:00.123Z'],
    ['2026-11-25T01:30:00-03:30', '2026-11-25T05:00:00.000Z'],
  ])('%s is %s', (value, iso) => {
    expect(parseInstant(value)?.toISOString()).toBe(iso);
  });

  it.each([
    '2026-11-25T01:30:00', // no zone: the server's zone would be a guess
    '2026-11-25 01:30:00Z',
    '2026-11-25',
    '2026-02-30T01:30:00Z',
    '2026-11-25T24:00:00Z',
    '2026-11-25T23:60:00Z',
    '2026-11-25T23:59:60Z',
    '2026-11-25T01:30:00+15:00',
    '2026-11-25T01:30:00+0800',
    'now',
    '',
  ])('%p is refused', (value) => {
    expect(parseInstant(value)).toBeNull();
  });
});

describe('org-unit codes and paths', () => {
  it.each([
    ['2101', true],
    ['2101.210102', true],
    ['2101.210102.210102001.210102001001', true],
    ['2101.210102.nowhere', false],
    ['2101.310102', false], // a district of another city
    ['2101.2101', false],
    ['2101..210102', false],
    ['2101.', false],
    ['', false],
    ['21a1', false],
    ['2101.210102.210102001.210102001001.2101020010011.21010200100111.210102001001111', false],
  ])('%p is an org-unit path: %p', (value, expected) => {
    expect(isOrgUnitPath(value)).toBe(expected);
  });

  it('refuses codes with letters, separators or a single digit', () => {
    expect(isOrgUnitCode('210102001001')).toBe(true);
    for (const bad of ['TY-YZ-001', 'TY/01', '2', '2101.210102', '']) expect(isOrgUnitCode(bad)).toBe(false);
  });
});

describe('control characters', () => {
  it.each([
    ['王秀英', false, false],
    ['a\u0000b', false, true],
    ['a\u0007b', false, true],
    ['a\u001bb', false, true],
    ['a\u007fb', false, true],
    ['a\u0085b', false, true],
    ['a\u009fb', false, true],
    ['a\tb', false, true],
    ['a\nb', false, true],
    ['a\r\nb', true, false],
    ['a\tb', true, false],
    ['a\u0000b', true, true],
  ])('%j (multi-line %p) has control characters: %p', (text, multiLine, expected) => {
    expect(hasControlCharacters(text, multiLine)).toBe(expected);
  });

  class Note {
    @ApiProperty() @MultiLineText() text!: string;
    @ApiProperty() title!: string;
  }
  class Body {
    @ApiProperty() name!: string;
    @ApiProperty({ type: Note }) note!: Note;
    @ApiProperty({ type: [Note] }) notes!: Note[];
    @ApiProperty({ type: [String] }) tags!: string[];
    @ApiProperty({ required: false, nullable: true, type: String }) until?: string | null;
  }

  it('names every field that holds one, nested and in lists, and allows line breaks only where marked', () => {
    const problems = commonInputProblems(
      {
        name: 'x\u0000',
        note: { text: 'line 1\nline 2', title: 'a\nb' },
        notes: [{ text: 'a\r\nb' }, { text: 'a\u0000' }],
        tags: ['ok', 'b\u0085'],
      },
      Body,
    );
    expect(problems.map((p) => p.field)).toEqual(['name', 'note.title', 'notes.1.text', 'tags.1']);
  });

  it('refuses null where the DTO does not document it nullable', () => {
    expect(commonInputProblems({ name: null, until: null, note: { text: null } }, Body)).toEqual([
      { field: 'name', message: 'must not be null (leave it out instead)' },
      { field: 'note.text', message: 'must not be null (leave it out instead)' },
    ]);
    // A body the route does not describe is not judged on null.
    expect(commonInputProblems({ name: null })).toEqual([]);
  });

  it('reads a whole-text body (CSV) as multi-line and a key with a control character as bad', () => {
    expect(commonInputProblems('a,b\r\n1,2\n')).toEqual([]);
    expect(commonInputProblems('a,b\n1,\u0000')).toHaveLength(1);
    expect(commonInputProblems({ ['a\u0000']: 1 })[0]?.field).toBe('a?');
    expect(commonInputProblems('r-1\n', undefined, 'residentId')[0]?.field).toBe('residentId');
  });
});

describe('validator decorators', () => {
  class Period {
    @IsDay() from!: string;
    @IsDay() @IsPeriodEnd('from', 365) to!: string;
  }
  class Person {
    @IsBirthDate() birthDate!: string;
  }
  class Visit {
    @IsInstant() checkInAt!: string;
  }
  class Batch {
    @NestedList(() => Visit, { min: 1, max: 2 }) visits!: Visit[];
  }
  class Centre {
    @IsOrgUnitPath() communityPath!: string;
  }
  const errorsOf = (type: new () => object, plain: object) =>
    validateSync(plainToInstance(type, plain)).flatMap((e) => [
      ...Object.keys(e.constraints ?? {}),
      ...(e.children ?? []).flatMap((c) => Object.keys(c.constraints ?? {})),
    ]);

  it('takes report periods in order and of bounded length', () => {
    expect(errorsOf(Period, { from: '2026-11-01', to: '2026-11-30' })).toEqual([]);
    expect(errorsOf(Period, { from: '2026-11-01', to: '2026-11-01' })).toEqual([]);
    expect(errorsOf(Period, { from: '2026-01-01', to: '2026-12-31' })).toEqual([]);
    expect(errorsOf(Period, { from: '2026-11-30', to: '2026-11-01' })).toEqual(['isPeriodEnd']);
    expect(errorsOf(Period, { from: '2026-01-01', to: '2027-01-02' })).toEqual(['isPeriodEnd']);
    expect(errorsOf(Period, { from: '2026-02-31', to: '2026-03-01' })).toEqual(['isDay']);
    expect(errorsOf(Period, { from: '1999-12-31', to: '2000-01-01' })).toEqual(['isDay']);
  });

  it('takes birth dates from 1900 to today', () => {
    const today = todayForInput();
    expect(errorsOf(Person, { birthDate: '1900-01-01' })).toEqual([]);
    expect(errorsOf(Person, { birthDate: today })).toEqual([]);
    expect(errorsOf(Person, { birthDate: '1899-12-31' })).toEqual(['isDay']);
    expect(errorsOf(Person, { birthDate: addDays(today, 1) })).toEqual(['isDay']);
    expect(errorsOf(Person, { birthDate: '1949-02-30' })).toEqual(['isDay']);
  });

  it('takes instants with a zone, from 2000 to a day ahead', () => {
    const soon = new Date(Date.now() + 3_600_000).toISOString();
    const later = new Date(Date.now() + 2 * 86_400_000).toISOString();
    expect(errorsOf(Visit, { checkInAt: soon })).toEqual([]);
    expect(errorsOf(Visit, { checkInAt: '2000-01-01T00:00:00Z' })).toEqual([]);
    for (const bad of [later, '0999-11-20T02:00:00Z', '1900-11-20T02:00:00Z', '2026-11-20T02:00:00', 42])
      expect(errorsOf(Visit, { checkInAt: bad })).toEqual(['isInstant']);
  });

  it('refuses a list whose elements are not objects', () => {
    expect(errorsOf(Batch, { visits: [[]] })).toContain('isObject');
    expect(errorsOf(Batch, { visits: ['x'] })).toContain('isObject');
    expect(errorsOf(Batch, { visits: [] })).toContain('arrayMinSize');
    expect(errorsOf(Batch, { visits: [{ checkInAt: '2026-11-20T02:00:00Z' }] })).toEqual([]);
  });

  it.each([
    ['2026-11', true],
    ['2000-01', true],
    ['2026-13', false],
    ['2026-00', false],
    ['1999-12', false],
    ['9999-99', false],
    ['2026-1', false],
  ])('takes month %p: %p', (month, ok) => {
    class Run {
      @IsMonth() month!: string;
    }
    expect(errorsOf(Run, { month })).toEqual(ok ? [] : ['isMonth']);
  });

  it('refuses a community path with a segment that is not a nested code', () => {
    expect(errorsOf(Centre, { communityPath: '2101.210102.nowhere' })).toEqual(['isOrgUnitPath']);
    expect(errorsOf(Centre, { communityPath: '2101.210102.210102001.210102001001' })).toEqual([]);
  });
});
