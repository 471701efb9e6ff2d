// OneCity ↔ GeoReport v2: a 小类 is a service (service_code = the category code, group = its 大类), the 小类's
// attributes are its service definition, a case is a service request (service_request_id = the case number).
// Element order follows the spec's tables, so the XML reads like its examples.
import type { Locale } from '../../platform/i18n/messages.ts';
import { translate } from '../../platform/i18n/messages.ts';
import type { PublicCase, ServiceCategory } from '../cases/open311-api.ts';
import { isClosedForOpen311 } from '../cases/open311-api.ts';
import { toW3cCityTime } from './w3c-time.ts';
import type { XmlValue } from './xml.ts';

export const DATATYPES = ['string', 'number', 'datetime', 'text', 'singlevaluelist', 'multivaluelist'] as const;
export type Datatype = (typeof DATATYPES)[number];

/** One attribute of a service definition, read defensively from the category's JSON. */
export interface ServiceAttribute {
  variable: boolean;
  code: string;
  datatype: Datatype;
  required: boolean;
  datatype_description: string | null;
  order: number;
  description: string;
  values: { key: string; name: string }[];
}

const str = (v: unknown): string | null => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : null);

/** The category's attribute JSON as the definition's attributes, sorted by order (1 shown first). */
export function serviceAttributes(raw: unknown): ServiceAttribute[] {
  if (!Array.isArray(raw)) return [];
  const out: ServiceAttribute[] = [];
  raw.forEach((a, i) => {
    if (typeof a !== 'object' || a === null) return;
    const r = a as Record<string, unknown>;
    const code = str(r.code);
    const datatype = str(r.datatype) as Datatype | null;
    if (!code || !datatype || !(DATATYPES as readonly string[]).includes(datatype)) return;
    const values = Array.isArray(r.values)
      ? r.values
          .map((v) => (typeof v === 'object' && v !== null ? (v as Record<string, unknown>) : {}))
          .map((v) => ({ key: str(v.key) ?? '', name: str(v.name) ?? str(v.key) ?? '' }))
          .filter((v) => v.key !== '')
      : [];
    out.push({
      variable: r.variable !== false,
      code,
      datatype,
      required: r.required === true,
      datatype_description: str(r.datatype_description ?? r.datatypeDescription),
      order: typeof r.order === 'number' && Number.isInteger(r.order) && r.order > 0 ? r.order : i + 1,
      description: str(r.description) ?? '',
      values,
    });
  });
  return out.sort((a, b) => a.order - b.order);
}

/** The attribute a 部件 service adds: its 16-digit component id (部件编号), asked like any other attribute. */
export const COMPONENT_ATTRIBUTE = 'component_id';

/** The attributes a service asks for: the 小类's own, then the component id for 部件 categories. */
export function attributesOf(c: ServiceCategory): ServiceAttribute[] {
  const own = serviceAttributes(c.attributes).filter((a) => a.code !== COMPONENT_ATTRIBUTE);
  if (!c.concernsComponent) return own;
  return [
    ...own,
    {
      variable: true,
      code: COMPONENT_ATTRIBUTE,
      datatype: 'string',
      required: true,
      datatype_description: '16 位数字 / 16 digits',
      order: Math.max(0, ...own.map((a) => a.order)) + 1,
      description: '部件编号：部件标牌上的 16 位编号 / the 16-digit id on the component’s plate',
      values: [],
    },
  ];
}

const localName = (locale: Locale, zh: string, en: string | null | undefined) => (locale === 'en' && en ? en : zh);

/** GET services: one <service>. metadata = the definition has something to ask (variable attributes). */
export function serviceOf(c: ServiceCategory, locale: Locale): XmlValue {
  const attrs = attributesOf(c);
  return {
    service_code: c.code,
    service_name: localName(locale, c.name, c.nameEn),
    description: c.description || null,
    metadata: attrs.some((a) => a.variable),
    type: 'realtime',
    keywords: c.keywords
      .split(/[,，;；\s]+/)
      .filter((k) => k !== '')
      .join(', '),
    group: localName(locale, c.groupName, c.groupNameEn),
  };
}

/** GET services/{code}: the <service_definition>. */
export function definitionOf(c: ServiceCategory): XmlValue {
  return {
    service_code: c.code,
    attributes: attributesOf(c).map((a) => ({
      variable: a.variable,
      code: a.code,
      datatype: a.datatype,
      required: a.required,
      datatype_description: a.datatype_description,
      order: a.order,
      description: a.description,
      // The spec lists values for the two list datatypes only.
      values:
        a.datatype === 'singlevaluelist' || a.datatype === 'multivaluelist'
          ? a.values.map((v) => ({ key: v.key, name: v.name }))
          : undefined,
    })),
  };
}

export function serviceNotice(locale: Locale, caseNo: string, due: Date | null): string {
  return due
    ? translate('OPEN311_NOTICE_DUE', locale, { caseNo, due: toW3cCityTime(due) })
    : translate('OPEN311_NOTICE_RECEIVED', locale, { caseNo });
}

/**
 * GET requests: one <request>. Nothing about the reporter (name, phone, e-mail, account, device) is here.
 * updated_datetime of a closed request is when it was closed (spec), else the last change.
 */
export function requestOf(
  c: PublicCase,
  locale: Locale,
  agency: string | null,
  notes?: { datetime: Date; summary: string; description: string | null; type: string }[],
): XmlValue {
  const closed = isClosedForOpen311(c);
  const extras = c.open311 ?? {};
  return {
    service_request_id: c.caseNo,
    status: closed ? 'closed' : 'open',
    status_notes: c.lastPublicNote,
    service_name: c.categoryName ? localName(locale, c.categoryName, c.categoryNameEn) : null,
    service_code: c.categoryCode,
    description: c.description || null,
    agency_responsible: agency,
    service_notice: closed ? null : serviceNotice(locale, c.caseNo, c.handleDueAt),
    requested_datetime: toW3cCityTime(c.createdAt),
    updated_datetime: toW3cCityTime(closed && c.closedAt ? c.closedAt : c.updatedAt),
    expected_datetime: c.handleDueAt ? toW3cCityTime(c.handleDueAt) : null,
    address: c.address,
    address_id: extras.address_id ?? null,
    zipcode: null,
    lat: c.lat,
    long: c.lng,
    media_url: typeof extras.media_url === 'string' ? extras.media_url : undefined,
    notes: notes?.map((n) => ({
      datetime: toW3cCityTime(n.datetime),
      summary: n.summary,
      description: n.description,
      type: n.type,
    })),
  };
}
