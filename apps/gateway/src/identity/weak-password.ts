import { DomainError } from '#anlao/platform';
import { passwordProblems } from './secrets.js';

export function weakPassword(password: string, field = 'password'): DomainError | null {
  const problems = passwordProblems(password);
  return problems.length === 0
    ? null
    : new DomainError(
        'invalid',
        'auth.weak-password',
        'the password is too weak',
        problems.map((message) => ({ field, message })),
      );
}
