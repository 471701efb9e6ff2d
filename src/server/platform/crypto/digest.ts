// The one place that picks the digest algorithm for tamper-evident logs and token hashes. A city whose
// 密评 requires SM3 changes it here (node:crypto offers "sm3" where OpenSSL was built with it).
import { createHash } from 'node:crypto';

export const DIGEST_ALGORITHM = 'sha256';

export function digestHex(data: string | Buffer): string {
  return createHash(DIGEST_ALGORITHM).update(data).digest('hex');
}

/** JSON with object keys sorted at every depth: the same content always hashes the same. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v instanceof Date) return v.toISOString();
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v as object).sort()) out[k] = sortKeys((v as Record<string, unknown>)[k]);
    return out;
  }
  return v;
}
