// createCase: the ONE way a case comes into being, whatever the channel — the hotline agent's console, the citizen
// web form, a grid worker's report, an Open311 app. Channel code (routes, the Open311 facade, the citizen form)
// maps its own input onto CreateCaseInput and calls createCase in its transaction (usually inside idempotent()).
//
// In one transaction: check the category (an active 小类), its required attributes, the component id, whether it
// may be anonymous; validate the reporter (phone, ID number); locate the point into grid / community / street /
// district (or resolve an address through the gazetteer; an address it does not know is kept as text, unlocated); check the actor may file there; route by the rules
// (routing.ts) and record why; insert the case with its number, the centre party, the photos, the 'create' event;
// start the clock (clock.ts enterStage); audit; emit 'case.created'. Duplicate candidates the filer may read come
// back with the answer.
import type { Actor } from '../../platform/auth/actor.ts';
import { SYSTEM_ACTOR } from '../../platform/auth/actor.ts';
import { canSomewhere } from '../../platform/auth/can.ts';
import { recordAudit } from '../../platform/audit/record.ts';
import type { Tx } from '../../platform/db/tx.ts';
import { AppError, ForbiddenError } from '../../platform/errors.ts';
import type { Crs } from '../../platform/geo/crs.ts';
import { emit } from '../../platform/outbox/outbox.ts';
import { cityToday } from '../geo/city-time.ts';
import { searchGeo } from '../geo/gazetteer.ts';
import { locatePoint } from '../geo/locate.ts';
import { departmentRefByCode } from '../org/departments.ts';
import { CITIZEN_PHOTO_CHANNELS, type PhotoInput, checkPhotos, storePhotos } from './attachments.ts';
import { allowsCase, canOnCase, caseScopeWhere } from './case-scope.ts';
import { type CategoryAttribute, checkCaseAttributes } from './categories-validation.ts';
import { enterStage } from './clock.ts';
import { type DuplicateCandidate, findDuplicates } from './duplicates.ts';
import { checkComponentId, normalisePhone, validateReporterId } from './intake-checks.ts';
import * as repo from './intake-repo.ts';
import { resolveRoute } from './routing.ts';
import { getCaseSettings } from './settings.ts';
import type { Channel, Nature, Urgency } from './tables.ts';
import type { CaseStatus } from './workflow.ts';

export const MAX_DESCRIPTION = 4000;
export const MAX_TITLE = 200;

/** Channels where an agent files what they heard: the case starts accepted (受理) when the agent holds case.accept. */
const AGENT_CHANNELS: ReadonlySet<Channel> = new Set(['phone', 'letter', 'leader', 'department']);

export interface ReporterInput {
  name?: string;
  /** Mainland mobile (11 digits) or landline with area code (e.g. 0512-65223456); +86 and separators allowed. */
  phone?: string;
  /** 居民身份证号 (person) or 统一社会信用代码 (enterprise). */
  idNumber?: string;
  kind?: 'person' | 'enterprise';
  /** The reporter does not want to be known (refused when the 小类 does not allow it). */
  anonymous?: boolean;
  /** 保密: the reporter's identity is kept from the handling department. */
  confidential?: boolean;
}

export interface LocationInput {
  /** Latitude / longitude in `crs` (default WGS84). Both or neither. */
  lat?: number;
  lng?: number;
  /** 'gcj02' for points from Chinese map SDKs (AMap, Tencent), 'bd09' for Baidu. */
  crs?: Crs;
  /** Address text. Without a point it is resolved through the gazetteer (地址库). */
  address?: string;
}

/** What every channel hands to createCase. */
export interface CreateCaseInput {
  channel: Channel;
  nature: Nature;
  /** An active 小类 (level 2). */
  categoryId: number;
  urgency?: Urgency;
  /** Derived from the category and the address when absent. */
  title?: string;
  /** 1–4000 characters. */
  description: string;
  reporter?: ReporterInput;
  location?: LocationInput;
  /** 16-digit 部件 id; required when the 小类 concerns a component. */
  componentId?: string;
  /** Values of the 小类's attributes (Open311 attribute codes). */
  attributes?: Record<string, unknown>;
  /** Up to 9 photos (JPEG/PNG/WebP, ≤ 5 MB each). */
  photos?: PhotoInput[];
  /** The citizen account filing it (citizen form, set by the server from the session — never from the body). */
  reporterUserId?: number;
}

export interface CreatedCase {
  id: number;
  caseNo: string;
  status: CaseStatus;
  version: number;
  channel: Channel;
  title: string;
  categoryId: number;
  location: {
    located: boolean;
    lat: number | null;
    lng: number | null;
    address: string | null;
    gridCode: string | null;
    communityCode: string | null;
    streetCode: string | null;
    districtCode: string | null;
    areaCode: string | null;
  };
  routing: { departmentId: number | null; ruleId: number | null; reason: string };
  attachments: { id: number; filename: string; mime: string; size: number; sha256: string }[];
  duplicates: DuplicateCandidate[];
  createdAt: string;
}

const bad = (code: string, field: string, problem?: string, extra: Record<string, unknown> = {}) =>
  new AppError(code, 400, { field, ...(problem ? { problem } : {}), ...extra });

/** 'YYYYMMDD-0000123': the city date and the zero-padded id — unique without a per-day counter. */
export function caseNumber(id: number, at: Date): string {
  return `${cityToday(at).replaceAll('-', '')}-${String(id).padStart(7, '0')}`;
}

interface Located {
  lat: number | null;
  lng: number | null;
  address: string | null;
  gridCode: string | null;
  communityCode: string | null;
  streetCode: string | null;
  districtCode: string | null;
  streetName: string | null;
}

async function locate(tx: Tx, loc: LocationInput | undefined): Promise<Located> {
  const address = loc?.address?.trim() || null;
  const none: Located = {
    lat: null,
    lng: null,
    address,
    gridCode: null,
    communityCode: null,
    streetCode: null,
    districtCode: null,
    streetName: null,
  };
  if (!loc) return none;
  const hasLat = loc.lat !== undefined && loc.lat !== null;
  const hasLng = loc.lng !== undefined && loc.lng !== null;
  if (hasLat !== hasLng) {
    throw bad('CASE_LOCATION_INVALID', hasLat ? 'location.lng' : 'location.lat', 'latitude and longitude go together');
  }
  let point: [number, number] | null = hasLat ? [loc.lng as number, loc.lat as number] : null;
  let crs: Crs = loc.crs ?? 'wgs84';
  if (!point && address) {
    // The gazetteer search is geo's; the caller's own action (filing a case) was checked, so it runs as the system.
    const hits = (await searchGeo(tx, SYSTEM_ACTOR, address, 5)).items.filter(
      (h) => h.kind === 'address' && h.lng !== undefined && h.lat !== undefined && h.score >= 0.5,
    );
    // Not in the gazetteer: the case is filed with the address text alone; the dispatcher locates it.
    if (hits.length === 0) return none;
    point = [hits[0].lng as number, hits[0].lat as number];
    crs = 'wgs84';
  }
  if (!point) return none;
  if (!point.every(Number.isFinite) || Math.abs(point[0]) > 180 || Math.abs(point[1]) > 90) {
    throw bad('CASE_LOCATION_INVALID', 'location', 'is not a coordinate');
  }
  const r = await locatePoint(tx, point, crs);
  if (!r.inside) throw bad('CASE_OUTSIDE_CITY', 'location');
  return {
    lat: r.point.lat,
    lng: r.point.lng,
    address,
    gridCode: r.grid.code,
    communityCode: r.community.code,
    streetCode: r.street.code,
    districtCode: r.district.code,
    streetName: r.street.name || r.district.name || null,
  };
}

/** A case filed on a staff channel (agent console, grid worker): needs case.create. Citizens file through the
 * citizen form and apps through Open311, which call createCase with their own checks. */
export function fileStaffCase(tx: Tx, actor: Actor, input: CreateCaseInput): Promise<CreatedCase> {
  if (!canSomewhere(actor, 'case.create')) throw new ForbiddenError('case.create');
  return createCase(tx, actor, input);
}

/** Files a case. Throws 400 naming the field for bad input, 403 when the actor may not file there. */
export async function createCase(tx: Tx, actor: Actor, input: CreateCaseInput): Promise<CreatedCase> {
  const viaReport = !canSomewhere(actor, 'case.create');
  if (viaReport && !canSomewhere(actor, 'case.report')) throw new ForbiddenError('case.create');
  const permission = viaReport ? 'case.report' : 'case.create';

  // Category, attributes, component, anonymity.
  const cat = await repo.getCategory(tx, input.categoryId);
  if (!cat?.active || cat.level !== 2) throw bad('CASE_CATEGORY_UNKNOWN', 'categoryId');
  const defs = (Array.isArray(cat.attributes) ? cat.attributes : []) as CategoryAttribute[];
  const attributes = checkCaseAttributes(defs, input.attributes ?? {});
  let componentId: string | null = null;
  if (cat.concerns_component) {
    if (!input.componentId) throw bad('CASE_COMPONENT_ID_REQUIRED', 'componentId');
    componentId = checkComponentId(input.componentId, cat.code);
  } else if (input.componentId) {
    componentId = checkComponentId(input.componentId, null);
  }
  const reporter = input.reporter ?? {};
  if (reporter.anonymous && !cat.allow_anonymous) throw bad('CASE_ANONYMOUS_NOT_ALLOWED', 'reporter.anonymous');

  // Text.
  const description = input.description?.trim() ?? '';
  if (description.length === 0 || description.length > MAX_DESCRIPTION) {
    throw bad('VALIDATION_FAILED', 'description', `must be 1–${MAX_DESCRIPTION} characters`);
  }
  if (input.title !== undefined && input.title.trim().length > MAX_TITLE) {
    throw bad('VALIDATION_FAILED', 'title', `must be at most ${MAX_TITLE} characters`);
  }

  // Reporter.
  const phone = reporter.phone ? normalisePhone(reporter.phone, 'reporter.phone') : null;
  const kind = reporter.kind ?? 'person';
  const idNo = reporter.idNumber ? validateReporterId(reporter.idNumber.trim().toUpperCase(), kind) : null;
  const reporterName = reporter.name?.trim().slice(0, 100) || null;

  // Photos are checked before anything is written; a citizen's photos lose their EXIF (GPS, device) on the way in.
  const photos = checkPhotos(input.photos, 'photos', {
    stripMetadata: viaReport || CITIZEN_PHOTO_CHANNELS.has(input.channel),
  });

  // Location → area; may the actor file here?
  const at = await locate(tx, input.location);
  const areaCode = at.communityCode ?? at.streetCode ?? at.districtCode ?? null;
  const settings = await getCaseSettings(tx);
  const centre = await departmentRefByCode(tx, settings.centre_department_code);
  const scope = { areaCode, partyPaths: centre ? [centre.path] : [] };
  canOnCase(actor, permission, scope);

  const status: CaseStatus =
    AGENT_CHANNELS.has(input.channel) && allowsCase(actor, 'case.accept', scope) ? 'accepted' : 'received';
  const route = await resolveRoute(tx, cat.id, areaCode);
  const place = at.address ?? at.streetName;
  const title = (input.title?.trim() || `${cat.name}${place ? `（${place}）` : ''}`).slice(0, MAX_TITLE);

  // Candidates name other cases (id, number, title): only those the filer may read — an agent through the centre
  // party of every case, a grid worker in their area. A filer who reads no case (citizen, Open311 app) gets none.
  const duplicates =
    at.lat !== null && at.lng !== null && canSomewhere(actor, 'case.read')
      ? await findDuplicates(
          tx,
          { categoryId: cat.id, lat: at.lat, lng: at.lng, text: `${title} ${description}`, limit: 5 },
          settings,
          caseScopeWhere(actor, 'case.read', 'c'),
        )
      : [];

  const now = new Date();
  const id = await repo.nextCaseId(tx);
  const caseNo = caseNumber(id, now);
  const actorUserId = actor.kind === 'user' ? actor.id : null;
  const saved = await repo.insertCase(tx, {
    id,
    case_no: caseNo,
    channel: input.channel,
    nature: input.nature,
    category_id: cat.id,
    urgency: input.urgency ?? 'normal',
    title,
    description,
    status,
    reporter_name: reporterName,
    reporter_phone: phone,
    reporter_id_no: idNo,
    reporter_kind: kind,
    anonymous: reporter.anonymous ?? false,
    confidential: reporter.confidential ?? false,
    reporter_user_id: input.reporterUserId ?? null,
    address: at.address,
    lat: at.lat,
    lng: at.lng,
    grid_code: at.gridCode,
    community_code: at.communityCode,
    street_code: at.streetCode,
    district_code: at.districtCode,
    area_code: areaCode,
    component_id: componentId,
    attributes: JSON.stringify(attributes),
    main_department_id: route.departmentId,
    routing_rule_id: route.rule?.id ?? null,
    routing_reason: route.reason,
    created_by: actorUserId,
    created_by_name: actor.name,
    accepted_at: status === 'accepted' ? now : null,
    created_at: now,
    updated_at: now,
  });
  if (centre) await repo.insertParty(tx, id, centre.id, centre.path, 'centre');
  const eventId = await repo.insertEvent(tx, {
    caseId: id,
    actorId: actorUserId,
    actorName: actor.name,
    action: 'create',
    fromStatus: null,
    toStatus: status,
    departmentId: centre?.id ?? null,
    public: true,
    note: status === 'accepted' ? '已受理' : '已收到诉求，等待受理',
    data: { channel: input.channel, photos: photos.length },
    at: now,
  });
  const attachments = await storePhotos(tx, id, eventId, 'intake', photos, actor.name);
  await enterStage(
    tx,
    { id, status, category_id: cat.id, urgency: input.urgency ?? 'normal', nature: input.nature },
    now,
  );
  await recordAudit(
    tx,
    actor,
    'case.create',
    { type: 'case', id },
    {
      caseNo,
      channel: input.channel,
      nature: input.nature,
      categoryId: cat.id,
      status,
      areaCode,
      routingRuleId: route.rule?.id ?? null,
      photos: attachments.map((a) => a.sha256),
    },
  );
  await emit(tx, {
    type: 'case.created',
    caseId: id,
    caseNo,
    status,
    channel: input.channel,
    categoryId: cat.id,
    areaCode,
    suggestedDepartmentId: route.departmentId,
    departmentIds: centre ? [centre.id] : [],
    ...(input.reporterUserId ? { reporterUserId: input.reporterUserId } : {}),
  });
  return {
    id,
    caseNo,
    status,
    version: saved.version,
    channel: input.channel,
    title,
    categoryId: cat.id,
    location: {
      located: at.lat !== null,
      lat: at.lat,
      lng: at.lng,
      address: at.address,
      gridCode: at.gridCode,
      communityCode: at.communityCode,
      streetCode: at.streetCode,
      districtCode: at.districtCode,
      areaCode,
    },
    routing: { departmentId: route.departmentId, ruleId: route.rule?.id ?? null, reason: route.reason },
    attachments,
    duplicates,
    createdAt: new Date(saved.created_at).toISOString(),
  };
}
