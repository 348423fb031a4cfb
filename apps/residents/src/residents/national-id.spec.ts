import fc from 'fast-check';
import {
  checkConsistency,
  isCalendarDate,
  maskNationalId,
  validateNationalId,
  validatePhone,
  type NationalIdResult,
} from './national-id.js';

const TODAY = '2026-03-15';

/** Independent of the implementation: the GB 11643 check character, written out longhand. */
function checkChar(first17: string): string {
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = first17.split('').reduce((acc, c, i) => acc + Number(c) * (weights[i] ?? 0), 0);
  return ['1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'][sum % 11] ?? '?';
}

function idFor(region: string, yyyymmdd: string, sequence: string): string {
  const first17 = `${region}${yyyymmdd}${sequence}`;
  return `${first17}${checkChar(first17)}`;
}

function reasonOf(result: NationalIdResult): string {
  return result.ok ? '(valid)' : result.reason;
}

/** Flips the check character to a different, still well-formed one. */
function withWrongCheck(id: string): string {
  const last = id[17] === '0' ? '1' : '0';
  return `${id.slice(0, 17)}${last}`;
}

describe('validateNationalId', () => {
  it('accepts the known-valid example 11010519491231002X (female, born 1949-12-31)', () => {
    expect(checkChar('11010519491231002')).toBe('X');
    expect(validateNationalId('11010519491231002X', TODAY)).toEqual({
      ok: true,
      id: '11010519491231002X',
      birthDate: '1949-12-31',
      sex: 'female',
      regionCode: '110105',
    });
  });

  it('accepts a lower-case x and surrounding whitespace, normalizing both', () => {
    const result = validateNationalId('  11010519491231002x\t', TODAY);
    expect(result.ok && result.id).toBe('11010519491231002X');
  });

  it('accepts numbers built with computed check characters', () => {
    for (const id of [
      idFor('140105', '19400101', '123'),
      idFor('140105', '19451010', '124'),
      idFor('650102', '20260315', '001'),
    ]) {
      expect(validateNationalId(id, TODAY).ok).toBe(true);
    }
  });

  it('finds an X check character when the sum requires one', () => {
    const id = Array.from({ length: 1000 }, (_, n) =>
      idFor('140105', '19500607', String(n).padStart(3, '0')),
    ).find((candidate) => candidate.endsWith('X'));
    expect(id).toBeDefined();
    expect(validateNationalId(id ?? '', TODAY).ok).toBe(true);
    expect(validateNationalId((id ?? '').toLowerCase(), TODAY).ok).toBe(true);
  });

  it('accepts every well-formed number built from a real past date (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 9 }),
        fc.integer({ min: 0, max: 99_999 }),
        fc.date({
          min: new Date(Date.UTC(1900, 0, 1)),
          max: new Date(Date.UTC(2026, 2, 15)),
          noInvalidDate: true,
        }),
        fc.integer({ min: 0, max: 999 }),
        (first, rest, birth, sequence) => {
          const ymd = birth.toISOString().slice(0, 10);
          const id = idFor(
            `${first}${String(rest).padStart(5, '0')}`,
            ymd.replaceAll('-', ''),
            String(sequence).padStart(3, '0'),
          );
          const result = validateNationalId(id, TODAY);
          expect(result).toEqual({
            ok: true,
            id,
            birthDate: ymd,
            sex: sequence % 2 === 1 ? 'male' : 'female',
            regionCode: id.slice(0, 6),
          });
          expect(reasonOf(validateNationalId(withWrongCheck(id), TODAY))).toBe('check digit does not match');
        },
      ),
    );
  });

  it('refuses a wrong check digit', () => {
    expect(reasonOf(validateNationalId('110105194912310021', TODAY))).toBe('check digit does not match');
  });

  it('takes the sex from the parity of the sequence number', () => {
    const male = validateNationalId(idFor('140105', '19400101', '017'), TODAY);
    const female = validateNationalId(idFor('140105', '19400101', '010'), TODAY);
    expect(male.ok && male.sex).toBe('male');
    expect(female.ok && female.sex).toBe('female');
  });

  it('accepts Feb 29 in a leap year and refuses it otherwise', () => {
    expect(validateNationalId(idFor('140105', '19480229', '001'), TODAY).ok).toBe(true);
    expect(validateNationalId(idFor('140105', '20000229', '001'), TODAY).ok).toBe(true);
    expect(reasonOf(validateNationalId(idFor('140105', '19490229', '001'), TODAY))).toBe(
      'birth date part is not a real date',
    );
    expect(reasonOf(validateNationalId(idFor('140105', '19000229', '001'), TODAY))).toBe(
      'birth date part is not a real date',
    );
  });

  it('refuses month 13, day 00 and day 32', () => {
    for (const date of ['19491301', '19490100', '19490132']) {
      expect(reasonOf(validateNationalId(idFor('140105', date, '001'), TODAY))).toBe(
        'birth date part is not a real date',
      );
    }
  });

  it('refuses a birth date after today, but accepts one born today', () => {
    expect(reasonOf(validateNationalId(idFor('140105', '20260316', '001'), TODAY))).toBe(
      'birth date is in the future',
    );
    expect(validateNationalId(idFor('140105', '20260315', '001'), TODAY).ok).toBe(true);
  });

  it('refuses births before 1900 and region codes starting with 0', () => {
    expect(reasonOf(validateNationalId(idFor('140105', '18991231', '001'), TODAY))).toBe(
      'birth year is before 1900',
    );
    expect(reasonOf(validateNationalId(idFor('040105', '19491231', '001'), TODAY))).toBe(
      'region code must not start with 0',
    );
  });

  it('refuses 17 and 19 characters, letters in the middle and an empty value', () => {
    expect(reasonOf(validateNationalId('11010519491231002', TODAY))).toBe('must be 18 characters');
    expect(reasonOf(validateNationalId('11010519491231002X1', TODAY))).toBe('must be 18 characters');
    expect(reasonOf(validateNationalId('', TODAY))).toBe('must be 18 characters');
    expect(reasonOf(validateNationalId('1101051949A231002X', TODAY))).toBe(
      'must be 17 digits followed by a digit or X',
    );
    expect(reasonOf(validateNationalId('110105 949123100 X', TODAY))).toBe(
      'must be 17 digits followed by a digit or X',
    );
  });

  it('never repeats the number in a reason', () => {
    const bad = [
      '11010519491231002',
      '110105194912310021',
      '1101051949A231002X',
      idFor('140105', '20990101', '001'),
    ];
    for (const raw of bad) {
      const result = validateNationalId(raw, TODAY);
      expect(result.ok).toBe(false);
      expect(reasonOf(result)).not.toMatch(/\d{6}/);
    }
  });

  it('refuses a malformed today, which is a programming error', () => {
    expect(() => validateNationalId('11010519491231002X', '2026-02-30')).toThrow(RangeError);
  });
});

describe('maskNationalId', () => {
  it('keeps the first and last four characters', () => {
    expect(maskNationalId('210102195001011234')).toBe('2101**********1234');
    expect(maskNationalId('11010519491231002X')).toBe('1101**********002X');
  });

  it('masks everything in a value that is not 18 characters', () => {
    expect(maskNationalId('1234567')).toBe('******************');
    expect(maskNationalId('')).toBe('******************');
  });
});

describe('checkConsistency', () => {
  const parsed = { birthDate: '1949-12-31', sex: 'female' as const };

  it('finds nothing when the typed facts agree or are absent', () => {
    expect(checkConsistency(parsed, {})).toEqual([]);
    expect(checkConsistency(parsed, { birthDate: '1949-12-31', sex: 'female' })).toEqual([]);
  });

  it('names each disagreeing field, without its value', () => {
    expect(checkConsistency(parsed, { birthDate: '1949-12-30', sex: 'male' })).toEqual([
      'birthDate: does not match the national ID',
      'sex: does not match the national ID',
    ]);
  });
});

describe('validatePhone', () => {
  it.each([
    ['13812345678', '13812345678'],
    ['138 1234 5678', '13812345678'],
    ['+86 138 1234 5678', '13812345678'],
    ['+8619912345678', '19912345678'],
    ['0351-1234567', '03511234567'],
    ['0351 12345678', '035112345678'],
    ['010-12345678', '01012345678'],
    ['01012345678', '01012345678'],
    ['+86 10 1234 5678', '01012345678'],
    ['+86-351-1234567', '03511234567'],
  ])('accepts %s as %s', (raw, phone) => {
    expect(validatePhone(raw)).toEqual({ ok: true, phone });
  });

  it.each([
    '12812345678',
    '1381234567',
    '138123456789',
    '138-1234-5678',
    '351-1234567',
    '0351-123456',
    '0351-123456789',
    '00351-1234567',
    '+1 415 555 0100',
    'abc',
  ])('refuses %s', (raw) => {
    const result = validatePhone(raw);
    expect(result.ok).toBe(false);
    expect(result.ok ? '' : result.reason).not.toContain(raw);
  });

  it('says a blank phone is required', () => {
    expect(validatePhone('   ')).toEqual({ ok: false, reason: 'is required' });
  });
});

describe('isCalendarDate', () => {
  it('knows real dates from look-alikes', () => {
    expect(isCalendarDate('2024-02-29')).toBe(true);
    expect(isCalendarDate('2023-02-29')).toBe(false);
    expect(isCalendarDate('2023-04-31')).toBe(false);
    expect(isCalendarDate('2023-4-30')).toBe(false);
    expect(isCalendarDate('2023-04-30T00:00')).toBe(false);
  });
});
