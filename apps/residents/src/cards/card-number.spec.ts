import { isValidCardNumber, luhnDigit, newCardNumber } from './card-number.js';

describe('card numbers', () => {
  it('computes the Luhn check digit', () => {
    expect(luhnDigit('7992739871')).toBe('3');
  });

  it('makes valid 16-digit numbers and catches a mistyped digit or a swap', () => {
    for (let i = 0; i < 50; i++) {
      const n = newCardNumber();
      expect(isValidCardNumber(n)).toBe(true);
      const typo = n.slice(0, 5) + String((Number(n[5]) + 1) % 10) + n.slice(6);
      expect(isValidCardNumber(typo)).toBe(false);
    }
    expect(isValidCardNumber('123')).toBe(false);
  });
});
