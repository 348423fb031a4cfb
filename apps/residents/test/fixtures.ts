import { nationalIdCheckChar } from '../src/residents/national-id.js';

/** A valid national ID for a birth date (YYYY-MM-DD) and a sequence (odd = male), in a region (district code). */
export function nationalId(birthDate: string, seq: number, region = '210102'): string {
  const body = `${region}${birthDate.replace(/-/g, '')}${String(seq).padStart(3, '0')}`;
  return body + nationalIdCheckChar(body);
}

/** Shenyang's units used across tests: two districts, a street and a community in each. */
export const ORG_UNITS_CSV = [
  'code,name,level,parentCode',
  '2101,沈阳市,city,',
  '210102,和平区,district,2101',
  '210103,沈河区,district,2101',
  '210102001,长白街道,street,210102',
  '210103001,大南街道,street,210103',
  '210102001001,长白社区,community,210102001',
  '210103001001,大南社区,community,210103001',
].join('\n');

/** A registration body: an elder living alone on the minimum living guarantee. */
export function personFixture(id: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    nationalId: id,
    name: '王秀英',
    phone: '13812345678',
    address: '长白街道 5 号楼',
    communityCode: '210102001001',
    hukou: 'urban',
    livingArrangement: 'alone',
    familyStatus: 'ordinary',
    economicStatus: 'dibao',
    selfCare: 'independent',
    ...extra,
  };
}
