/**
 * The unified social credit code (统一社会信用代码, GB 32100-2015) every social organisation
 * holds: 18 characters of digits and capital letters without I, O, S, V and Z; the last is a
 * check character over the first 17 (weights 3^i mod 31).
 */
const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

export const CREDIT_CODE_SHAPE = /^[0-9A-HJ-NPQRTUWXY]{18}$/;

/** The check character the first 17 characters call for. */
export function creditCodeCheck(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += ALPHABET.indexOf(first17.charAt(i)) * (WEIGHTS[i] ?? 0);
  return ALPHABET.charAt((31 - (sum % 31)) % 31);
}

export function isCreditCode(value: unknown): value is string {
  return (
    typeof value === 'string' &&
    CREDIT_CODE_SHAPE.test(value) &&
    creditCodeCheck(value.slice(0, 17)) === value.charAt(17)
  );
}
