import { describe, expect, it } from 'vitest';
import { checkPassword, hashPassword, verifyPassword } from './password.ts';

const policy = { minLength: 10, minClasses: 3 };

describe('password policy and hashing', () => {
  it('refuses passwords shorter than the minimum length', () => {
    expect(checkPassword('Ab1!', policy)).toBe('too_short');
  });

  it('refuses passwords with too few character classes', () => {
    expect(checkPassword('abcdefghijkl', policy)).toBe('too_few_classes');
    expect(checkPassword('abcdefgh1234', policy)).toBe('too_few_classes');
  });

  it('refuses passwords that contain the username, whatever the case', () => {
    expect(checkPassword('xxADMINxx#1', policy, 'admin')).toBe('contains_username');
  });

  it('accepts a long password with three classes, including Chinese characters as symbols', () => {
    expect(checkPassword('Correct-horse-42', policy)).toBeNull();
    expect(checkPassword('苏州gusu2026城管', policy)).toBeNull();
  });

  it('hashes with argon2id and verifies only the right password', async () => {
    const h = await hashPassword('Correct-horse-42');
    expect(h).toMatch(/^\$argon2id\$/);
    expect(await verifyPassword(h, 'Correct-horse-42')).toBe(true);
    expect(await verifyPassword(h, 'correct-horse-42')).toBe(false);
    expect(await verifyPassword('not a hash', 'x')).toBe(false);
  });
});
