// Random secrets handed to clients (session tokens, API keys, recovery codes). Only their digests are stored.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { digestHex } from '../crypto/digest.ts';
import { base32Encode } from './totp.ts';

export function newSessionToken(): string {
  return randomBytes(32).toString('base64url');
}

export function newCsrfToken(): string {
  return randomBytes(24).toString('base64url');
}

/** API keys look like `oc_<40 base32 chars>`: recognisable in logs and secret scanners. */
export const API_KEY_PREFIX = 'oc_';
export function newApiKey(): string {
  return `${API_KEY_PREFIX}${base32Encode(randomBytes(25)).toLowerCase()}`;
}

export function looksLikeApiKey(s: string): boolean {
  return /^oc_[a-z2-7]{40}$/.test(s);
}

/** Recovery codes: 10 chars of base32 grouped for reading aloud, e.g. "k7qm-2xv4-pd". */
export function newRecoveryCode(): string {
  const raw = base32Encode(randomBytes(8)).toLowerCase().slice(0, 12);
  return `${raw.slice(0, 4)}-${raw.slice(4, 8)}-${raw.slice(8, 12)}`;
}

export function normaliseRecoveryCode(s: string): string {
  return s.toLowerCase().replace(/[^a-z2-7]/g, '');
}

/** Tokens are high-entropy, so a plain digest (not a slow password hash) is the right way to store them. */
export function tokenDigest(token: string): string {
  return digestHex(token);
}

export function safeEqual(a: string, b: string): boolean {
  const ba = Buffer.from(a);
  const bb = Buffer.from(b);
  return ba.length === bb.length && timingSafeEqual(ba, bb);
}
