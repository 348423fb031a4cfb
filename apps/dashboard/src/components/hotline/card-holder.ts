import { sendJson } from '../../api/http';

/**
 * What the hotline needs of the elder on the line, and no more: who (name, sex, age — not the
 * birth date, ID or phone), where (community, address, to confirm the service address) and whether
 * the card is usable. The look-up answers the whole record; only this summary is kept in the page.
 */
export interface CardHolder {
  residentId: string;
  name: string;
  sex: 'male' | 'female' | null;
  age: number | null;
  communityPath: string;
  address: string;
  deceased: boolean;
  cardStatus: string;
}

interface LookupAnswer {
  residentId: string;
  name: string;
  sex?: string | null;
  birthDate?: string | null;
  communityPath: string;
  address?: string | null;
  status?: string;
  card?: { status?: string } | null;
}

/** Age in whole years on `today` (city-local `YYYY-MM-DD`). */
export function ageOn(birthDate: string | null | undefined, today: string): number | null {
  if (!birthDate || !/^\d{4}-\d{2}-\d{2}$/.test(birthDate)) return null;
  const [by, bm, bd] = birthDate.split('-').map(Number) as [number, number, number];
  const [ty, tm, td] = today.split('-').map(Number) as [number, number, number];
  return ty - by - (tm < bm || (tm === bm && td < bd) ? 1 : 0);
}

export function summarise(answer: LookupAnswer, today: string): CardHolder {
  return {
    residentId: answer.residentId,
    name: answer.name,
    sex: answer.sex === 'male' || answer.sex === 'female' ? answer.sex : null,
    age: ageOn(answer.birthDate, today),
    communityPath: answer.communityPath,
    address: answer.address ?? '',
    deceased: answer.status === 'deceased',
    cardStatus: answer.card?.status ?? 'active',
  };
}

/** Digits only: operators read numbers out in groups (`8696 7708 …`). */
export function normaliseCardNumber(text: string): string {
  return text.replace(/[\s-]/g, '');
}

/** 16 digits whose last is the Luhn check digit (as residents checks it); caught before a request. */
export function isCardNumber(number: string): boolean {
  if (!/^\d{16}$/.test(number)) return false;
  let sum = 0;
  for (let i = 0; i < 16; i++) {
    let digit = Number(number[15 - i]);
    if (i % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum % 10 === 0;
}

/** Card numbers travel in the body, never the URL (`POST /api/residents/cards/lookup`). */
export async function lookUpCard(number: string, today: string): Promise<CardHolder> {
  return summarise(await sendJson<LookupAnswer>('POST', '/api/residents/cards/lookup', { number }), today);
}
