// The GeoReport v2 methods over OneCity: discovery, services, service definitions, POST a request (a case on the
// 'open311' channel, filed by the API key's actor), GET requests (the public view of cases), GET a request,
// GET a token. Errors are AppErrors; routes.ts turns them into the Open311 <errors> envelope.
//
// Tokens: every service is "realtime" — POST returns the service_request_id (the case number) at once, so no
// token is ever issued and OneCity keeps no token table. GET tokens/{token} still answers, for clients that
// always poll it: the token of a request is its own case number.
import type { Actor } from '../../platform/auth/actor.ts';
import { allows } from '../../platform/auth/can.ts';
import type { Tx } from '../../platform/db/tx.ts';
import { AppError } from '../../platform/errors.ts';
import type { Locale } from '../../platform/i18n/messages.ts';
import { translate } from '../../platform/i18n/messages.ts';
import * as cases from '../cases/open311-api.ts';
import { departmentRefs } from '../org/departments.ts';
import { commaList, type SubmitForm } from './form.ts';
import {
  attributesOf,
  COMPONENT_ATTRIBUTE,
  definitionOf,
  requestOf,
  type ServiceAttribute,
  serviceNotice,
  serviceOf,
} from './mapping.ts';
import { parseW3cTime, toW3cCityTime } from './w3c-time.ts';
import type { XmlValue } from './xml.ts';

export const SPECIFICATION = 'http://wiki.open311.org/GeoReport_v2';
export const SUBMIT_PERMISSION = 'open311.submit';
export const DESCRIPTION_MAX = 4000;
const DAY_MS = 86_400_000;
export const DEFAULT_WINDOW_DAYS = 90;
export const DEFAULT_LIMIT = 1000;

/** One problem with a request; several are sent back together as one <errors> list. */
export interface Problem {
  code: string;
  details: Record<string, unknown>;
}

/** 400 with every problem found, so a client can fix its form in one go. */
export class Open311Problems extends AppError {
  constructor(readonly problems: Problem[]) {
    super('OPEN311_REQUEST_INVALID', 400, { errors: problems });
  }
}

const problem = (code: string, details: Record<string, unknown> = {}): Problem => ({ code, details });

export async function discover(tx: Tx, baseUrl: string, locale: Locale): Promise<XmlValue> {
  const changed = await cases.servicesChangedAt(tx);
  const changeset = changed ? toW3cCityTime(changed) : toW3cCityTime(new Date(0));
  return {
    changeset,
    contact: translate('OPEN311_CONTACT', locale),
    key_service: translate('OPEN311_KEY_SERVICE', locale),
    endpoints: [
      {
        specification: SPECIFICATION,
        url: `${baseUrl}/open311/v2`,
        changeset,
        type: 'production',
        formats: ['text/xml', 'application/json'],
      },
    ],
  };
}

export async function listServices(tx: Tx, locale: Locale): Promise<XmlValue[]> {
  return (await cases.listServiceCategories(tx)).map((c) => serviceOf(c, locale));
}

async function serviceOrNotFound(tx: Tx, code: string) {
  const c = await cases.getServiceCategory(tx, code);
  if (!c) throw new AppError('OPEN311_SERVICE_NOT_FOUND', 404, { service_code: code });
  return c;
}

export async function defineService(tx: Tx, code: string): Promise<XmlValue> {
  return definitionOf(await serviceOrNotFound(tx, code));
}

// ---- POST requests ----

const LIMITS: Partial<Record<keyof SubmitForm, number>> = {
  address_string: 500,
  address_id: 100,
  email: 254,
  device_id: 200,
  account_id: 200,
  first_name: 100,
  last_name: 100,
  phone: 40,
  description: DESCRIPTION_MAX,
  media_url: 2000,
};

function coordinate(field: 'lat' | 'long', raw: string, problems: Problem[]): number | null {
  const n = /^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(raw) ? Number(raw) : Number.NaN;
  const max = field === 'lat' ? 90 : 180;
  if (!Number.isFinite(n) || Math.abs(n) > max) {
    problems.push(problem('OPEN311_LAT_LONG_INVALID', { field, value: raw.slice(0, 40) }));
    return null;
  }
  return n;
}

function checkAttribute(a: ServiceAttribute, values: string[] | undefined, problems: Problem[]): unknown {
  if (!values || values.length === 0) {
    if (a.required && a.variable) {
      problems.push(problem('OPEN311_ATTRIBUTE_REQUIRED', { code: a.code, description: a.description }));
    }
    return undefined;
  }
  const bad = (p: string) => {
    problems.push(problem('OPEN311_ATTRIBUTE_INVALID', { code: a.code, problem: p }));
    return undefined;
  };
  const keys = new Set(a.values.map((v) => v.key));
  switch (a.datatype) {
    case 'multivaluelist': {
      const unknown = values.find((v) => !keys.has(v));
      if (unknown !== undefined) return bad(`"${unknown.slice(0, 40)}" is not one of ${[...keys].join(', ')}`);
      return [...new Set(values)];
    }
    case 'singlevaluelist':
      if (values.length > 1) return bad('takes one value');
      if (!keys.has(values[0])) return bad(`"${values[0].slice(0, 40)}" is not one of ${[...keys].join(', ')}`);
      return values[0];
    case 'number': {
      const n = Number(values[0]);
      if (values.length > 1 || !/^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(values[0]) || !Number.isFinite(n)) {
        return bad('is not a number');
      }
      return n;
    }
    case 'datetime': {
      const d = values.length === 1 ? parseW3cTime(values[0]) : null;
      if (!d) return bad('is not an ISO 8601 datetime with a timezone');
      return d.toISOString();
    }
    case 'string':
      if (values.length > 1) return bad('takes one value');
      if (/[\r\n]/.test(values[0])) return bad('may not contain line breaks');
      if (values[0].length > 200) return bad('is longer than 200 characters');
      if (a.code === COMPONENT_ATTRIBUTE && !/^\d{16}$/.test(values[0])) return bad('must be 16 digits');
      return values[0];
    default:
      if (values.length > 1) return bad('takes one value');
      if (values[0].length > 2000) return bad('is longer than 2000 characters');
      return values[0];
  }
}

/** Chinese names are written family name first, without a space; others "first last". */
function reporterName(first?: string, last?: string): string | null {
  if (!first && !last) return null;
  const cjk = /[\u3400-\u9fff]/.test(`${first ?? ''}${last ?? ''}`);
  return cjk ? `${last ?? ''}${first ?? ''}` : [first, last].filter(Boolean).join(' ');
}

export type SubmitResult = { service_request_id: string; service_notice: string; account_id: string | null };

/**
 * Files a case from an Open311 form. The caller (routes.ts) has checked the api_key; the key's actor files the
 * case, which needs the open311 scope. Everything wrong with the form is reported at once (400); an unknown
 * service is 404 on its own.
 */
export async function submitRequest(tx: Tx, actor: Actor, form: SubmitForm, locale: Locale): Promise<SubmitResult> {
  if (!allows(actor, SUBMIT_PERMISSION)) throw new AppError('OPEN311_API_KEY_SCOPE', 403);
  if (form.service_code === undefined) throw new Open311Problems([problem('OPEN311_SERVICE_CODE_REQUIRED')]);
  const category = await serviceOrNotFound(tx, form.service_code);
  const problems: Problem[] = [];

  for (const [field, max] of Object.entries(LIMITS) as [keyof SubmitForm, number][]) {
    const v = form[field];
    if (typeof v === 'string' && v.length > max) problems.push(problem('OPEN311_FIELD_TOO_LONG', { field, max }));
  }

  let point: { lat: number; lng: number } | null = null;
  if (form.lat !== undefined || form.long !== undefined) {
    if (form.lat === undefined || form.long === undefined) problems.push(problem('OPEN311_LAT_LONG_PAIR'));
    else {
      const lat = coordinate('lat', form.lat, problems);
      const lng = coordinate('long', form.long, problems);
      if (lat !== null && lng !== null) point = { lat, lng };
    }
  } else if (form.address_string === undefined && form.address_id === undefined) {
    problems.push(problem('OPEN311_LOCATION_REQUIRED'));
  }

  if (form.email !== undefined && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(form.email)) {
    problems.push(problem('OPEN311_FIELD_INVALID', { field: 'email', problem: 'is not an e-mail address' }));
  }
  if (form.phone !== undefined && !/^\+?[\d\s()-]{3,40}$/.test(form.phone)) {
    problems.push(problem('OPEN311_FIELD_INVALID', { field: 'phone', problem: 'is not a phone number' }));
  }
  if (form.media_url !== undefined) {
    let ok = false;
    try {
      const u = new URL(form.media_url);
      ok = u.protocol === 'https:' || u.protocol === 'http:';
    } catch {
      ok = false;
    }
    if (!ok) problems.push(problem('OPEN311_FIELD_INVALID', { field: 'media_url', problem: 'is not an http(s) URL' }));
  }

  const attributes: Record<string, unknown> = {};
  for (const a of attributesOf(category)) {
    const v = checkAttribute(a, form.attributes[a.code], problems);
    if (v !== undefined) attributes[a.code] = v;
  }
  if (problems.length > 0) throw new Open311Problems(problems);
  const componentId = typeof attributes[COMPONENT_ATTRIBUTE] === 'string' ? attributes[COMPONENT_ATTRIBUTE] : null;
  delete attributes[COMPONENT_ATTRIBUTE];

  // Recorded on the case, never fetched: media_url is the app's own public link.
  const extras: cases.Open311Extras = {};
  if (form.media_url !== undefined) extras.media_url = form.media_url;
  if (form.address_id !== undefined) extras.address_id = form.address_id;
  if (form.device_id !== undefined) extras.device_id = form.device_id;
  if (form.account_id !== undefined) extras.account_id = form.account_id;
  if (form.email !== undefined) extras.email = form.email;

  const filed = await cases.fileOpen311Case(tx, actor, {
    categoryId: category.id,
    description: form.description ?? category.name,
    address: form.address_string ?? null,
    point,
    reporterName: reporterName(form.first_name, form.last_name),
    reporterPhone: form.phone ?? null,
    componentId,
    attributes,
    extras,
  });
  return {
    service_request_id: filed.caseNo,
    service_notice: serviceNotice(locale, filed.caseNo, filed.handleDueAt),
    account_id: form.account_id ?? null,
  };
}

// ---- GET requests ----

function positiveInt(field: string, raw: string | undefined, max: number, problems: Problem[]): number | undefined {
  if (raw === undefined) return undefined;
  const n = /^\d{1,9}$/.test(raw) ? Number(raw) : Number.NaN;
  if (!Number.isInteger(n) || n < 1 || n > max) {
    problems.push(problem('OPEN311_FIELD_INVALID', { field, problem: `must be a whole number 1–${max}` }));
    return undefined;
  }
  return n;
}

async function presentRequests(
  tx: Tx,
  rows: cases.PublicCase[],
  locale: Locale,
  extensions: boolean,
): Promise<XmlValue[]> {
  const depts = await departmentRefs(
    tx,
    rows.map((r) => r.mainDepartmentId).filter((id): id is number => id !== null),
  );
  const notes = extensions
    ? await cases.publicNotesOf(
        tx,
        rows.map((r) => r.id),
      )
    : undefined;
  return rows.map((r) =>
    requestOf(
      r,
      locale,
      r.mainDepartmentId !== null ? (depts.get(r.mainDepartmentId)?.name ?? null) : null,
      notes ? (notes.get(r.id) ?? []) : undefined,
    ),
  );
}

/**
 * GET requests.{fmt}. service_request_id (a comma list) overrides every other argument. Otherwise: service_code
 * and status comma lists, start_date/end_date (at most 90 days apart; the default is the most recent 90 days),
 * at most 1000 requests, newest first; page/page_size (the common extension) page through the window.
 */
export async function listRequests(tx: Tx, q: Record<string, string>, locale: Locale, now = new Date()) {
  const extensions = q.extensions === 'true';
  const ids = commaList(q.service_request_id);
  if (ids.length > 0) {
    return presentRequests(
      tx,
      await cases.publicCasesByNo(tx, [...new Set(ids)].slice(0, DEFAULT_LIMIT)),
      locale,
      extensions,
    );
  }
  const problems: Problem[] = [];
  const date = (field: 'start_date' | 'end_date') => {
    const raw = q[field];
    if (raw === undefined) return undefined;
    const d = parseW3cTime(raw);
    if (!d) problems.push(problem('OPEN311_DATE_INVALID', { field, value: raw.slice(0, 40) }));
    return d ?? undefined;
  };
  const start = date('start_date');
  const end = date('end_date');
  const statuses = commaList(q.status);
  const badStatus = statuses.find((s) => s !== 'open' && s !== 'closed');
  if (badStatus !== undefined) problems.push(problem('OPEN311_STATUS_INVALID', { value: badStatus.slice(0, 40) }));
  const page = positiveInt('page', q.page, 1_000_000, problems) ?? 1;
  const pageSize = positiveInt('page_size', q.page_size, DEFAULT_LIMIT, problems) ?? DEFAULT_LIMIT;
  const window = DEFAULT_WINDOW_DAYS * DAY_MS;
  let from: Date;
  let to: Date;
  if (start && end) {
    from = start;
    to = end;
    if (start > end || end.getTime() - start.getTime() > window) problems.push(problem('OPEN311_DATE_RANGE'));
  } else if (start) {
    from = start;
    to = new Date(start.getTime() + window);
  } else if (end) {
    to = end;
    from = new Date(end.getTime() - window);
  } else {
    to = now;
    from = new Date(now.getTime() - window);
  }
  if (problems.length > 0) throw new Open311Problems(problems);
  const rows = await cases.listPublicCases(tx, {
    categoryCodes: commaList(q.service_code),
    open: statuses.length === 0 || statuses.includes('open'),
    closed: statuses.length === 0 || statuses.includes('closed'),
    from,
    to,
    limit: pageSize,
    offset: (page - 1) * pageSize,
  });
  return presentRequests(tx, rows, locale, extensions);
}

export async function showRequest(tx: Tx, id: string, locale: Locale, extensions: boolean): Promise<XmlValue[]> {
  const rows = await cases.publicCasesByNo(tx, [id]);
  if (rows.length === 0) throw new AppError('OPEN311_REQUEST_NOT_FOUND', 404, { service_request_id: id });
  return presentRequests(tx, rows, locale, extensions);
}

export async function resolveToken(tx: Tx, token: string): Promise<XmlValue[]> {
  const rows = await cases.publicCasesByNo(tx, [token]);
  if (rows.length === 0) throw new AppError('OPEN311_TOKEN_NOT_FOUND', 404, { token });
  return [{ service_request_id: rows[0].caseNo, token }];
}
