// Keyset paging cursors: opaque to clients (base64url of JSON), checked on the way back in.
import { AppError } from '../../platform/errors.ts';

export function encodeCursor(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

/** The decoded cursor if `accept` recognises it; 400 naming querystring.cursor otherwise. */
export function decodeCursor<T>(cursor: string, accept: (v: unknown) => v is T): T {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    value = undefined;
  }
  if (!accept(value))
    throw new AppError('VALIDATION_FAILED', 400, { field: 'querystring.cursor', problem: 'is invalid' });
  return value;
}

export const isSafeInt = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 0;
export const isShortString = (v: unknown): v is string => typeof v === 'string' && v.length <= 64;

/** A dataset row key (its JSON text) as a cursor: bounded, and free of NUL, which PostgreSQL text cannot hold. */
export const isKeyCursor = (v: unknown): v is string => typeof v === 'string' && v.length <= 4000 && !v.includes('\0');
