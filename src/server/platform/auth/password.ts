// Passwords: argon2id (OWASP parameters: 19 MiB, t=2, p=1) and the password policy (等保: length + classes).
import { hash, verify } from '@node-rs/argon2';

const ARGON2ID = 2; // @node-rs/argon2 Algorithm.Argon2id (a const enum, not importable under isolatedModules)
const OPTIONS = { algorithm: ARGON2ID, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

export async function verifyPassword(stored: string, password: string): Promise<boolean> {
  try {
    return await verify(stored, password);
  } catch {
    return false;
  }
}

/** A hash of a random password: verifying against it costs what a real check costs, so unknown usernames
 * answer as slowly as known ones (no user enumeration by timing). */
let dummyHash: Promise<string> | undefined;
export function dummyPasswordHash(): Promise<string> {
  dummyHash ??= hashPassword(`dummy-${Math.random()}`);
  return dummyHash;
}

export interface PasswordPolicy {
  minLength: number;
  minClasses: number;
}

export type PasswordProblem = 'too_short' | 'too_long' | 'too_few_classes' | 'contains_username';

/** Character classes: lower case, upper case, digits, anything else (symbols, CJK …). */
export function checkPassword(password: string, policy: PasswordPolicy, username?: string): PasswordProblem | null {
  if ([...password].length < policy.minLength) return 'too_short';
  if (password.length > 256) return 'too_long';
  const classes = [/[a-z]/, /[A-Z]/, /\d/, /[^a-zA-Z\d]/].filter((re) => re.test(password)).length;
  if (classes < policy.minClasses) return 'too_few_classes';
  if (username && username.length >= 3 && password.toLowerCase().includes(username.toLowerCase())) {
    return 'contains_username';
  }
  return null;
}
