/**
 * Who lives in a demo city: one elder at a time from the city's random sequence, in the mix below.
 * Pure (no I/O), so the small city of `npm start` and the large one of `npm run demo:city` draw
 * their people the same way, and a unit test can check the mix and the ID numbers.
 *
 * The mix. The field studies (../shared/seeds/) study groups — elders living alone (seed 001),
 * rural elders (seed 000), shidu families (seed 001), volunteers (seed 002) — but give no shares of
 * a whole population, so the shares are the 2020 census's for people aged 60 and over (80+ 13.6 %,
 * women 52 %, 58 % of the 80+) and round figures for the rest, each chosen so a community of a few
 * hundred elders has some of every priority group. Change them here; the unit test reads them.
 */

/** Shares of the whole population of elders (60 and over). */
export const MIX = {
  aged80Plus: 0.14,
  female: { under80: 0.52, aged80Plus: 0.58 },
  /** Living arrangement: the rest live with their children or others. */
  livingAlone: 0.16,
  withPartner: 0.42,
  withChildren: 0.36,
  /** Lost-only-child families (失独): rare, yet a priority group of their own. */
  shidu: 0.012,
  /** Empty-nest among the others (children live elsewhere). */
  emptyNest: 0.35,
  /** Minimum-living-guarantee (dibao) and special hardship. */
  dibao: 0.05,
  specialHardship: 0.01,
  /** Rural hukou (rural migrants living in the city, seed 000's smartphone learners). */
  rural: 0.2,
  partlyDependent: 0.14,
  dependent: 0.06,
  hypertension: 0.4,
  diabetes: 0.15,
} as const;

const SURNAMES = [
  '王',
  '李',
  '张',
  '刘',
  '陈',
  '杨',
  '赵',
  '黄',
  '周',
  '吴',
  '徐',
  '孙',
  '马',
  '朱',
  '胡',
  '郭',
];
/** Given names of that generation, by sex: the ID number's 17th digit says the sex (odd: male). */
export const GIVEN_FEMALE = [
  '秀英',
  '桂兰',
  '玉兰',
  '淑珍',
  '凤英',
  '淑兰',
  '秀兰',
  '玉珍',
  '桂芝',
  '秀珍',
  '凤兰',
  '淑琴',
];
export const GIVEN_MALE = [
  '建国',
  '德明',
  '国华',
  '志强',
  '永福',
  '振华',
  '文斌',
  '宝山',
  '德胜',
  '玉林',
  '长海',
  '树森',
];
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];

/** The year ages are counted from: fixed, so the city does not change with the day it is loaded. */
const REFERENCE_YEAR = 2026;

export const RESIDENT_CSV_HEADER =
  'nationalId,name,sex,birthDate,phone,address,communityCode,hukou,livingArrangement,familyStatus,economicStatus,selfCare,disabilities,chronicConditions';

/** A made-up but valid national ID number (GB 11643 check character). */
export function nationalId(region: string, birth: string, seq: number): string {
  const body = `${region}${birth.replace(/-/g, '')}${String(seq).padStart(3, '0')}`;
  const sum = [...body].reduce((s, c, i) => s + Number(c) * (WEIGHTS[i] ?? 0), 0);
  return body + '10X98765432'[sum % 11];
}

/** The sex an ID number states: its 17th digit, odd for a man. */
export function sexOfNationalId(id: string): 'male' | 'female' {
  return Number(id[16]) % 2 === 1 ? 'male' : 'female';
}

/** The phone number that says which row of the city an elder is (and back: `rowOfPhone`). */
export function phoneOfRow(row: number): string {
  return `139${String(10_000_000 + row * 79).padStart(8, '0')}`;
}

/** The row of the city a demo phone number was made from; -1 for anyone else. */
export function rowOfPhone(phone: string): number {
  const n = Number(phone.slice(3));
  const row = (n - 10_000_000) / 79;
  return phone.startsWith('139') && Number.isInteger(row) && row >= 0 ? row : -1;
}

/**
 * Sequence numbers already given per region and birth date (the ID number's 3 digits): men odd,
 * women even, so at most 500 of each per day of birth in a region.
 */
export class IdSequences {
  private readonly used = new Map<string, number>();

  next(region: string, birth: string, male: boolean): number | null {
    const key = `${region}${birth}${male ? 'm' : 'f'}`;
    const n = this.used.get(key) ?? 0;
    if (n >= 500) return null;
    this.used.set(key, n + 1);
    return n * 2 + (male ? 1 : 0);
  }
}

const pick = <T>(random: () => number, list: readonly T[]): T =>
  list[Math.floor(random() * list.length)] as T;

function birthDate(random: () => number, old: boolean): string {
  // 80+: 80–99, most in their eighties; the others 60–79, slightly more of the younger.
  const age = old ? 80 + Math.floor(random() ** 1.6 * 20) : 60 + Math.floor(random() ** 1.2 * 20);
  const month = 1 + Math.floor(random() * 12);
  const day = 1 + Math.floor(random() * 28);
  return `${REFERENCE_YEAR - 1 - age}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** One elder of the city as the residents' CSV import takes it (`RESIDENT_CSV_HEADER`). */
export function drawElder(
  random: () => number,
  row: number,
  communityCode: string,
  sequences: IdSequences,
): string {
  const old = random() < MIX.aged80Plus;
  const male = random() >= (old ? MIX.female.aged80Plus : MIX.female.under80);
  const region = communityCode.slice(0, 6);
  let birth = birthDate(random, old);
  let seq = sequences.next(region, birth, male);
  while (seq === null) {
    birth = birthDate(random, old);
    seq = sequences.next(region, birth, male);
  }
  const living = random();
  const family = random();
  const economic = random();
  const care = random();
  const chronic = [
    ...(random() < MIX.hypertension ? ['hypertension'] : []),
    ...(random() < MIX.diabetes ? ['diabetes'] : []),
  ];
  return [
    nationalId(region, birth, seq),
    pick(random, SURNAMES) + pick(random, male ? GIVEN_MALE : GIVEN_FEMALE),
    '',
    '',
    phoneOfRow(row),
    `${communityCode.slice(-3)} 号院 ${1 + (row % 20)} 栋`,
    communityCode,
    random() < MIX.rural ? 'rural' : 'urban',
    living < MIX.livingAlone
      ? 'alone'
      : living < MIX.livingAlone + MIX.withPartner
        ? 'with-partner'
        : living < MIX.livingAlone + MIX.withPartner + MIX.withChildren
          ? 'with-children'
          : 'other',
    family < MIX.shidu ? 'shidu' : family < MIX.shidu + MIX.emptyNest ? 'empty-nest' : 'ordinary',
    economic < MIX.dibao
      ? 'dibao'
      : economic < MIX.dibao + MIX.specialHardship
        ? 'special-hardship'
        : 'ordinary',
    care < MIX.dependent
      ? 'dependent'
      : care < MIX.dependent + MIX.partlyDependent
        ? 'partly-dependent'
        : 'independent',
    '',
    chronic.join('|'),
  ].join(',');
}
