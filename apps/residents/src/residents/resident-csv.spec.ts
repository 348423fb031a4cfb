import { nationalIdCheckChar } from './national-id.js';
import { parseResidentCsv, RESIDENT_CSV_COLUMNS, validateResidentInput } from './resident-csv.js';

const TODAY = '2026-03-15';
const HEADER = RESIDENT_CSV_COLUMNS.join(',');

function nationalId(yyyymmdd: string, sequence: string): string {
  const first17 = `140105${yyyymmdd}${sequence}`;
  return `${first17}${nationalIdCheckChar(first17)}`;
}

const WANG = nationalId('19440229', '021'); // male, 82
const LI = nationalId('19500607', '042'); // female, 75

interface Row {
  nationalId: string;
  name: string;
  sex: string;
  birthDate: string;
  phone: string;
  address: string;
  communityCode: string;
  hukou: string;
  livingArrangement: string;
  familyStatus: string;
  economicStatus: string;
  selfCare: string;
  disabilities: string;
  chronicConditions: string;
}

function row(overrides: Partial<Row> = {}): string {
  const values: Row = {
    nationalId: WANG,
    name: '王建国',
    sex: '',
    birthDate: '',
    phone: '13812345678',
    address: '迎泽区柳巷南路 5 号',
    communityCode: 'TY-YZ-001',
    hukou: 'urban',
    livingArrangement: 'alone',
    familyStatus: 'shidu',
    economicStatus: 'dibao',
    selfCare: 'partly-dependent',
    disabilities: '',
    chronicConditions: 'hypertension|diabetes',
    ...overrides,
  };
  return RESIDENT_CSV_COLUMNS.map((c) => values[c]).join(',');
}

const lines = (...rows: string[]) => `${[HEADER, ...rows].join('\n')}\n`;

describe('parseResidentCsv', () => {
  it('reads a small valid file, filling sex and birth date from the national ID', () => {
    const result = parseResidentCsv(
      lines(
        row(),
        row({
          nationalId: ` ${LI.toLowerCase()} `,
          name: '李秀英',
          sex: 'female',
          birthDate: '1950-06-07',
          phone: '0351-7654321',
          hukou: 'rural',
          livingArrangement: 'with-children',
          familyStatus: 'ordinary',
          economicStatus: 'ordinary',
          selfCare: 'independent',
          disabilities: 'hearing',
          chronicConditions: '',
        }),
      ),
      TODAY,
    );
    expect(result.rejected).toEqual([]);
    expect(result.rows).toEqual([
      {
        line: 2,
        input: {
          nationalId: WANG,
          name: '王建国',
          sex: 'male',
          birthDate: '1944-02-29',
          phone: '13812345678',
          address: '迎泽区柳巷南路 5 号',
          communityCode: 'TY-YZ-001',
          hukou: 'urban',
          livingArrangement: 'alone',
          familyStatus: 'shidu',
          economicStatus: 'dibao',
          selfCare: 'partly-dependent',
          disabilities: [],
          chronicConditions: ['hypertension', 'diabetes'],
        },
      },
      {
        line: 3,
        input: expect.objectContaining({
          nationalId: LI,
          sex: 'female',
          birthDate: '1950-06-07',
          phone: '03517654321',
          disabilities: ['hearing'],
          chronicConditions: [],
        }),
      },
    ]);
  });

  it('reports each bad row on the physical line it starts on', () => {
    const wrongCheck = `${WANG.slice(0, 17)}${WANG.endsWith('0') ? '1' : '0'}`;
    const text = [
      HEADER, // 1
      row({ address: '"Yingze St 5, Building 3\nUnit 2, Room 401"' }), // 2-3
      row({ nationalId: wrongCheck, name: '张三' }), // 4
      '', // 5
      row({ nationalId: LI, hukou: 'city', phone: '12345' }), // 6
      row({ nationalId: nationalId('19460101', '011'), address: '"A\n\nB, C"', selfCare: 'bedridden' }), // 7-9
      row({ nationalId: nationalId('19460102', '013') }), // 10
    ].join('\n');
    const result = parseResidentCsv(text, TODAY);
    expect(result.rows.map((r) => r.line)).toEqual([2, 10]);
    expect(result.rows[0]?.input.address).toBe('Yingze St 5, Building 3 Unit 2, Room 401');
    expect(result.rejected).toEqual([
      { line: 4, reasons: ['nationalId: check digit does not match'] },
      {
        line: 6,
        reasons: [
          'phone: must be a mobile number (11 digits starting 13-19) or a landline with area code',
          'hukou: one of urban, rural',
        ],
      },
      { line: 7, reasons: ['selfCare: one of independent, partly-dependent, dependent'] },
    ]);
  });

  it('counts lines the same in a CRLF file', () => {
    const text = [
      HEADER,
      row({ address: '"Yingze St 5,\r\nBuilding 3"' }),
      row({ nationalId: LI, hukou: 'city' }),
    ].join('\r\n');
    const result = parseResidentCsv(text, TODAY);
    expect(result.rows.map((r) => r.line)).toEqual([2]);
    expect(result.rejected).toEqual([{ line: 4, reasons: ['hukou: one of urban, rural'] }]);
  });

  it('rejects the second row with the same national ID, pointing at the first', () => {
    const result = parseResidentCsv(
      lines(row(), row({ nationalId: LI }), row({ nationalId: WANG.toLowerCase() })),
      TODAY,
    );
    expect(result.rows.map((r) => r.line)).toEqual([2, 3]);
    expect(result.rejected).toEqual([
      { line: 4, reasons: ['nationalId: appears earlier in this file (line 2)'] },
    ]);
  });

  it('checks typed sex and birth date against the national ID', () => {
    const result = parseResidentCsv(lines(row({ sex: 'female', birthDate: '1944-03-01' })), TODAY);
    expect(result.rejected).toEqual([
      {
        line: 2,
        reasons: ['birthDate: does not match the national ID', 'sex: does not match the national ID'],
      },
    ]);
  });

  it('refuses the whole file for unknown, missing or repeated columns', () => {
    expect(() => parseResidentCsv(`${HEADER},notes\n`, TODAY)).toThrow('unknown column(s): notes');
    const withoutPhone = RESIDENT_CSV_COLUMNS.filter((c) => c !== 'phone' && c !== 'hukou').join(',');
    expect(() => parseResidentCsv(`${withoutPhone}\n`, TODAY)).toThrow('missing column(s): phone, hukou');
    expect(() => parseResidentCsv(`${HEADER},name\n`, TODAY)).toThrow('duplicate column(s): name');
    expect(() => parseResidentCsv('', TODAY)).toThrow('missing column(s): nationalId, name');
  });

  it('accepts a header without the optional columns', () => {
    const header =
      'nationalId,name,phone,address,communityCode,hukou,livingArrangement,familyStatus,economicStatus,selfCare';
    const text = `${header}\n${WANG},王建国,13812345678,迎泽区,TY-1,urban,alone,ordinary,ordinary,independent\n`;
    const result = parseResidentCsv(text, TODAY);
    expect(result.rows[0]?.input).toMatchObject({ sex: 'male', disabilities: [], chronicConditions: [] });
  });

  it('does not echo personal data when a file lacks its header row', () => {
    const text = lines(row()).split('\n').slice(1).join('\n');
    let message = '';
    try {
      parseResidentCsv(text, TODAY);
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toMatch(/^unknown column\(s\): .*; missing column\(s\): nationalId/);
    for (const value of [WANG, '王建国', '13812345678', '迎泽区柳巷南路 5 号'])
      expect(message).not.toContain(value);
  });

  it('accepts a UTF-8 byte-order mark before the header', () => {
    const result = parseResidentCsv(`\uFEFF${lines(row())}`, TODAY);
    expect(result.rows.map((r) => r.line)).toEqual([2]);
  });

  it('rejects a row with the wrong number of fields, and skips rows of empty cells', () => {
    const result = parseResidentCsv(lines(`${row()},extra`, ',,,,,,,,,,,,,', row({ nationalId: LI })), TODAY);
    expect(result.rows.map((r) => r.line)).toEqual([4]);
    expect(result.rejected).toEqual([{ line: 2, reasons: ['row: has 15 fields, the header has 14'] }]);
  });

  it('refuses a file that is not CSV, without quoting it', () => {
    expect(() => parseResidentCsv(lines(row({ address: '"迎泽区 unclosed' })), TODAY)).toThrow(
      /^not a valid CSV file \(CSV_QUOTE_NOT_CLOSED/,
    );
  });

  it('never puts the national ID, name, phone or address into reasons', () => {
    const badId = `${WANG.slice(0, 17)}${WANG.endsWith('0') ? '1' : '0'}`;
    const values = {
      nationalId: badId,
      name: '欧阳'.repeat(26),
      phone: '139123456789',
      address: '柳巷'.repeat(101),
    };
    const result = parseResidentCsv(lines(row(values), row({ ...values, nationalId: `${WANG}9` })), TODAY);
    expect(result.rejected.map((r) => r.reasons.map((reason) => reason.split(':')[0]))).toEqual([
      ['nationalId', 'name', 'phone', 'address'],
      ['nationalId', 'name', 'phone', 'address'],
    ]);
    const reasons = result.rejected.flatMap((r) => r.reasons).join('\n');
    for (const value of [badId, WANG, badId.slice(6, 14), '欧阳', '139123456789', '柳巷']) {
      expect(reasons).not.toContain(value);
    }
  });
});

describe('validateResidentInput', () => {
  const body = {
    nationalId: WANG,
    name: '王建国',
    phone: '+86 138 1234 5678',
    address: '迎泽区柳巷南路 5 号',
    communityCode: 'TY-YZ-001',
    hukou: 'urban',
    livingArrangement: 'alone',
    familyStatus: 'shidu',
    economicStatus: 'dibao',
    selfCare: 'dependent',
  };

  it('accepts an HTTP body with code arrays, normalizing it', () => {
    const result = validateResidentInput(
      { ...body, disabilities: ['visual', ' visual ', 'mobility'] },
      TODAY,
    );
    expect(result).toEqual({
      ok: true,
      input: {
        ...body,
        phone: '13812345678',
        sex: 'male',
        birthDate: '1944-02-29',
        disabilities: ['visual', 'mobility'],
        chronicConditions: [],
      },
    });
  });

  it('treats null and blank optional fields as absent', () => {
    const result = validateResidentInput({ ...body, sex: null, birthDate: '  ', disabilities: null }, TODAY);
    expect(result.ok).toBe(true);
  });

  it('lists every problem by field', () => {
    const result = validateResidentInput(
      {
        nationalId: 42,
        name: '   ',
        birthDate: '1944-02-30',
        sex: 'M',
        communityCode: 'TY/01',
        hukou: 'Urban',
        disabilities: 'Visual',
        chronicConditions: [1],
      },
      TODAY,
    );
    expect(result).toEqual({
      ok: false,
      problems: [
        { field: 'nationalId', message: 'must be text' },
        { field: 'name', message: 'is required' },
        { field: 'sex', message: 'one of male, female' },
        { field: 'birthDate', message: 'must be a date YYYY-MM-DD' },
        { field: 'phone', message: 'is required' },
        { field: 'address', message: 'is required' },
        { field: 'communityCode', message: '1-32 characters of 0-9, A-Z, a-z, -' },
        { field: 'hukou', message: 'one of urban, rural' },
        { field: 'livingArrangement', message: 'is required' },
        { field: 'familyStatus', message: 'is required' },
        { field: 'economicStatus', message: 'is required' },
        { field: 'selfCare', message: 'is required' },
        { field: 'disabilities', message: 'codes are 1-32 characters of a-z, 0-9, -' },
        { field: 'chronicConditions', message: "must be a list of codes (in a CSV file, separated by '|')" },
      ],
    });
  });

  it('bounds names at 50 and addresses at 200 characters, counting code points', () => {
    const rare = '𠮷'; // outside the BMP: two UTF-16 units, one character
    expect(validateResidentInput({ ...body, name: rare.repeat(50) }, TODAY).ok).toBe(true);
    expect(validateResidentInput({ ...body, name: rare.repeat(51) }, TODAY)).toEqual({
      ok: false,
      problems: [{ field: 'name', message: 'must be 1-50 characters' }],
    });
    expect(validateResidentInput({ ...body, address: 'a'.repeat(200) }, TODAY).ok).toBe(true);
    expect(validateResidentInput({ ...body, address: 'a'.repeat(201) }, TODAY).ok).toBe(false);
    expect(validateResidentInput({ ...body, name: 'a\u0007b' }, TODAY)).toEqual({
      ok: false,
      problems: [{ field: 'name', message: 'must not contain control characters' }],
    });
  });

  it('caps code lists at 20', () => {
    const codes = Array.from({ length: 21 }, (_, i) => `c${i}`);
    expect(validateResidentInput({ ...body, chronicConditions: codes }, TODAY)).toEqual({
      ok: false,
      problems: [{ field: 'chronicConditions', message: 'at most 20 codes' }],
    });
  });
});
