// Reading Open311 parameters. GeoReport v2: "the response should be the same whether a parameter is passed and
// is empty or is not passed at all" — so an empty value is dropped here, before anything looks at it.
// POST bodies are application/x-www-form-urlencoded; attributes come as attribute[CODE]=v, and for a
// multivaluelist as attribute[CODE][]=v1&attribute[CODE][]=v2.
import { AppError } from '../../platform/errors.ts';

/** The form fields of POST requests.{fmt}; everything optional here, the service decides what is required. */
export interface SubmitForm {
  api_key?: string;
  jurisdiction_id?: string;
  service_code?: string;
  lat?: string;
  long?: string;
  address_string?: string;
  address_id?: string;
  email?: string;
  device_id?: string;
  account_id?: string;
  first_name?: string;
  last_name?: string;
  phone?: string;
  description?: string;
  media_url?: string;
  /** attribute[CODE] → its values (one for a scalar, several for a multivaluelist). */
  attributes: Record<string, string[]>;
}

const SCALARS = [
  'api_key',
  'jurisdiction_id',
  'service_code',
  'lat',
  'long',
  'address_string',
  'address_id',
  'email',
  'device_id',
  'account_id',
  'first_name',
  'last_name',
  'phone',
  'description',
  'media_url',
] as const;
type Scalar = (typeof SCALARS)[number];
const SCALAR_SET: ReadonlySet<string> = new Set(SCALARS);
const ATTRIBUTE = /^attribute\[([^\]]{1,100})\](\[\])?$/;

/** Name/value pairs of a urlencoded body, or of an already-parsed object (a JSON body, leniently). */
export function formPairs(body: unknown): [string, string][] | null {
  if (typeof body === 'string') return [...new URLSearchParams(body)];
  if (body === undefined || body === null) return [];
  if (typeof body !== 'object' || Array.isArray(body)) return null;
  const pairs: [string, string][] = [];
  for (const [k, v] of Object.entries(body as Record<string, unknown>)) {
    for (const one of Array.isArray(v) ? v : [v]) {
      if (typeof one === 'string' || typeof one === 'number' || typeof one === 'boolean') pairs.push([k, String(one)]);
    }
  }
  return pairs;
}

/** The first non-empty value of each field wins; empty values are as if absent. */
export function readSubmitForm(pairs: readonly [string, string][]): SubmitForm {
  const form: SubmitForm = { attributes: {} };
  for (const [name, raw] of pairs) {
    const value = raw.trim();
    if (value === '') continue;
    // PostgreSQL text cannot hold NUL: refused here like any other bad character in a request (400).
    if (value.includes('\u0000')) {
      throw new AppError('VALIDATION_FAILED', 400, { field: name.slice(0, 60), problem: 'contains NUL' });
    }
    if (SCALAR_SET.has(name)) {
      const k = name as Scalar;
      if (form[k] === undefined) form[k] = value;
      continue;
    }
    const m = ATTRIBUTE.exec(name);
    if (m) {
      const list = form.attributes[m[1]] ?? [];
      list.push(value);
      form.attributes[m[1]] = list;
    }
  }
  return form;
}

/** Query parameters with empty values removed; a repeated parameter keeps its values comma-joined. */
export function readQuery(query: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (typeof query !== 'object' || query === null) return out;
  for (const [k, v] of Object.entries(query as Record<string, unknown>)) {
    const values = (Array.isArray(v) ? v : [v])
      .filter((x): x is string => typeof x === 'string')
      .map((x) => x.trim())
      .filter((x) => x !== '');
    if (values.length > 0) out[k] = values.join(',');
  }
  return out;
}

/** "a, b,,c" → ["a","b","c"] (a comma list where empty items are absent too). */
export function commaList(s: string | undefined): string[] {
  if (s === undefined) return [];
  return s
    .split(',')
    .map((x) => x.trim())
    .filter((x) => x !== '');
}
