import { describe, expect, it } from 'vitest';
import { base32Decode, base32Encode, newTotpSecret, totpAt, verifyTotp } from './totp.ts';

// RFC 6238 Appendix B, SHA-1 rows: the shared secret is the ASCII string "12345678901234567890".
const RFC_SECRET = base32Encode(Buffer.from('12345678901234567890'));
const RFC_VECTORS: [number, string][] = [
  [59, '94287082'],
  [1111111109, '07081804'],
  [1111111111, '14050471'],
  [1234567890, '89005924'],
  [2000000000, '69279037'],
  [20000000000, '65353130'],
];

describe('TOTP (RFC 6238)', () => {
  it.each(RFC_VECTORS)('matches the RFC 6238 test vector at T=%i', (seconds, expected) => {
    expect(totpAt(RFC_SECRET, seconds * 1000, 30, 8)).toBe(expected);
  });

  it('round-trips base32 (RFC 4648) for arbitrary bytes', () => {
    expect(RFC_SECRET).toBe('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ');
    for (const len of [0, 1, 5, 19, 20, 33]) {
      const buf = Buffer.from(Array.from({ length: len }, (_, i) => (i * 37) % 256));
      expect(base32Decode(base32Encode(buf))).toEqual(buf);
    }
  });

  it('accepts the current code and one step of clock drift, and nothing further', () => {
    const secret = newTotpSecret();
    const now = 1_800_000_000_000;
    expect(verifyTotp(secret, totpAt(secret, now), now)).toBe(true);
    expect(verifyTotp(secret, totpAt(secret, now - 30_000), now)).toBe(true);
    expect(verifyTotp(secret, totpAt(secret, now + 30_000), now)).toBe(true);
    expect(verifyTotp(secret, totpAt(secret, now - 90_000), now)).toBe(false);
  });

  it('refuses codes that are not six digits', () => {
    const secret = newTotpSecret();
    for (const bad of ['', '12345', '1234567', 'abcdef', '12 345']) expect(verifyTotp(secret, bad)).toBe(false);
  });
});
