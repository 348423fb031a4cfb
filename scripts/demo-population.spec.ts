import { prng } from './demo-random.js';
import {
  drawElder,
  GIVEN_FEMALE,
  GIVEN_MALE,
  IdSequences,
  MIX,
  nationalId,
  phoneOfRow,
  rowOfPhone,
  sexOfNationalId,
} from './demo-population.js';

const N = 20_000;
const COMMUNITIES = ['210102001001', '210103001002', '210105001001'];
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];

function draw(seed: number) {
  const random = prng(seed);
  const sequences = new IdSequences();
  return Array.from({ length: N }, (_, row) =>
    drawElder(random, row, COMMUNITIES[row % COMMUNITIES.length]!, sequences).split(','),
  );
}

const rows = draw(7);
const share = (test: (r: string[]) => boolean) => rows.filter(test).length / N;
/** Within 4 standard errors of the share asked for: fails only if the draw is wrong. */
const near = (got: number, want: number) =>
  expect(Math.abs(got - want)).toBeLessThan(4 * Math.sqrt((want * (1 - want)) / N) + 1e-9);

describe('the demo population', () => {
  it('draws the same city from the same seed, and another from another', () => {
    expect(draw(7)).toEqual(rows);
    expect(draw(8)).not.toEqual(rows);
  });

  it('gives valid, unique ID numbers (GB 11643 check character) in the community’s district', () => {
    const ids = rows.map((r) => r[0]!);
    expect(new Set(ids).size).toBe(N);
    for (const [i, id] of ids.entries()) {
      expect(id).toBe(
        nationalId(
          id.slice(0, 6),
          `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`,
          Number(id.slice(14, 17)),
        ),
      );
      expect(id.slice(0, 6)).toBe(rows[i]![6]!.slice(0, 6));
      const sum = [...id.slice(0, 17)].reduce((s, c, k) => s + Number(c) * WEIGHTS[k]!, 0);
      expect(id[17]).toBe('10X98765432'[sum % 11]);
    }
  });

  it('names every elder as the sex in the ID number says', () => {
    for (const [id, name] of rows) {
      const given = name!.slice(1);
      expect(sexOfNationalId(id!) === 'male' ? GIVEN_MALE : GIVEN_FEMALE).toContain(given);
    }
  });

  it('follows the mix: 80+, women, living alone, shidu, low income, rural', () => {
    const ageOf = (r: string[]) => 2025 - Number(r[0]!.slice(6, 10));
    near(
      share((r) => ageOf(r) >= 80),
      MIX.aged80Plus,
    );
    expect(rows.every((r) => ageOf(r) >= 60 && ageOf(r) < 100)).toBe(true);
    const old = rows.filter((r) => ageOf(r) >= 80);
    const women = old.filter((r) => sexOfNationalId(r[0]!) === 'female').length / old.length;
    expect(Math.abs(women - MIX.female.aged80Plus)).toBeLessThan(0.05);
    near(
      share((r) => r[8] === 'alone'),
      MIX.livingAlone,
    );
    near(
      share((r) => r[9] === 'shidu'),
      MIX.shidu,
    );
    near(
      share((r) => r[10] === 'dibao'),
      MIX.dibao,
    );
    near(
      share((r) => r[7] === 'rural'),
      MIX.rural,
    );
  });

  it('reads the row back from the phone number, and no row from another number', () => {
    for (const row of [0, 1, 1_999, 999_999]) expect(rowOfPhone(phoneOfRow(row))).toBe(row);
    expect(rows[42]![4]).toBe(phoneOfRow(42));
    expect(rowOfPhone('13800000000')).toBe(-1);
  });
});
