import { randomInt } from 'node:crypto';

/** Luhn check digit over the digits so far, so a mistyped card number is caught at the hotline. */
export function luhnDigit(digits: string): string {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return String((10 - (sum % 10)) % 10);
}

export function isValidCardNumber(number: string): boolean {
  return /^\d{16}$/.test(number) && luhnDigit(number.slice(0, 15)) === number.slice(15);
}

/** 16 digits: `86`, 13 random digits, a Luhn check digit. */
export function newCardNumber(): string {
  let body = '86';
  while (body.length < 15) body += String(randomInt(10));
  return body + luhnDigit(body);
}
