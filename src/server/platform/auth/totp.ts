// TOTP, RFC 6238 (HMAC-SHA1, 30-second steps, 6 digits) over RFC 4648 base32 secrets — what every
// authenticator app speaks. Codes are accepted one step either side for clock drift.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

const B32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

export function base32Encode(buf: Buffer): string {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of buf) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += B32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += B32[(value << (5 - bits)) & 31];
  return out;
}

export function base32Decode(s: string): Buffer {
  const clean = s.toUpperCase().replace(/=+$/, '').replace(/\s/g, '');
  let bits = 0;
  let value = 0;
  const out: number[] = [];
  for (const ch of clean) {
    const idx = B32.indexOf(ch);
    if (idx < 0) throw new Error('invalid base32');
    value = (value << 5) | idx;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 255);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

export function newTotpSecret(): string {
  return base32Encode(randomBytes(20));
}

/** HOTP (RFC 4226) value for a counter. */
export function hotp(secret: Buffer, counter: number, digits = 6): string {
  const msg = Buffer.alloc(8);
  msg.writeBigUInt64BE(BigInt(counter));
  const mac = createHmac('sha1', secret).update(msg).digest();
  const offset = mac[mac.length - 1] & 0x0f;
  const bin = ((mac[offset] & 0x7f) << 24) | (mac[offset + 1] << 16) | (mac[offset + 2] << 8) | mac[offset + 3];
  return String(bin % 10 ** digits).padStart(digits, '0');
}

export function totpAt(secretB32: string, unixMs: number, stepSeconds = 30, digits = 6): string {
  return hotp(base32Decode(secretB32), Math.floor(unixMs / 1000 / stepSeconds), digits);
}

/** The time step (unix seconds / 30) whose code matches, or null. Callers refuse a step at or before the
 * last one used, so a code cannot be replayed within its window (RFC 6238 §5.2). */
export function matchTotpStep(secretB32: string, code: string, unixMs = Date.now(), window = 1): number | null {
  if (!/^\d{6}$/.test(code)) return null;
  const want = Buffer.from(code);
  const now = Math.floor(unixMs / 30_000);
  for (let w = -window; w <= window; w++) {
    const got = Buffer.from(totpAt(secretB32, (now + w) * 30_000));
    if (timingSafeEqual(got, want)) return now + w;
  }
  return null;
}

export function verifyTotp(secretB32: string, code: string, unixMs = Date.now(), window = 1): boolean {
  return matchTotpStep(secretB32, code, unixMs, window) !== null;
}

/** Checks a code against the secret and the last step used; returns the step to record, or null. */
export function acceptTotp(
  secretB32: string | null,
  lastStep: number | null,
  code: string,
  unixMs = Date.now(),
): number | null {
  if (!secretB32) return null;
  const step = matchTotpStep(secretB32, code, unixMs);
  if (step === null || (lastStep !== null && step <= lastStep)) return null;
  return step;
}

export function otpauthUrl(secretB32: string, account: string, issuer = 'OneCity'): string {
  const label = encodeURIComponent(`${issuer}:${account}`);
  return `otpauth://totp/${label}?secret=${secretB32}&issuer=${encodeURIComponent(issuer)}&algorithm=SHA1&digits=6&period=30`;
}
