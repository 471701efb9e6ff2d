// One case for staff: everything about it (timeline, parties, attachments metadata, related cases, what the caller
// may do next — transitions.ts allowedActionsOnCase, plus 'reveal'), the photo download, and the audited reveal of the reporter's personal data.
// A case outside the caller's scope answers 403 (audited as a denial), the same as acting on it would; a case that
// does not exist answers 404. Lists never show out-of-scope cases.
import { type SqlBool, sql } from 'kysely';
import type { Actor } from '../../platform/auth/actor.ts';
import { canSomewhere } from '../../platform/auth/can.ts';
import { recordAudit } from '../../platform/audit/record.ts';
import type { Tx } from '../../platform/db/tx.ts';
import { AppError, ForbiddenError, notFound } from '../../platform/errors.ts';
import { departmentRefs } from '../org/departments.ts';
import { allowsCase, type CaseScope, canOnCase, caseScopeWhere } from './case-scope.ts';
import { type ReporterView, presentReporter } from './case-view.ts';
import { type DuplicateCandidate, findDuplicates } from './duplicates.ts';
import * as repo from './intake-repo.ts';
import { getCaseSettings } from './settings.ts';
import { allowedActionsOnCase } from './transitions.ts';
import { TERMINAL } from './workflow.ts';
import { slaState } from './clock.ts';

async function loadCase(tx: Tx, actor: Actor, id: number, action: string) {
  if (!canSomewhere(actor, action)) throw new ForbiddenError(action);
  const row = await tx.selectFrom('cases').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('CASE', { id });
  const parties = await repo.partiesOf(tx, [id]);
  const scope: CaseScope = {
    areaCode: row.area_code,
    partyPaths: parties.filter((p) => p.active).map((p) => p.department_path),
  };
  canOnCase(actor, action, scope);
  return { row, parties, scope };
}

interface RelatedCase {
  id: number;
  caseNo: string;
  title: string;
  status: string;
  channel: string;
  createdAt: string;
}

const related = (r: {
  id: number | string;
  case_no: string;
  title: string;
  status: string;
  channel: string;
  created_at: Date;
}): RelatedCase => ({
  id: Number(r.id),
  caseNo: r.case_no,
  title: r.title,
  status: r.status,
  channel: r.channel,
  createdAt: new Date(r.created_at).toISOString(),
});

export async function getCaseDetail(tx: Tx, actor: Actor, id: number) {
  const { row: c, parties, scope } = await loadCase(tx, actor, id, 'case.read');
  const settings = await getCaseSettings(tx);
  const cat = c.category_id ? await repo.getCategory(tx, c.category_id) : undefined;
  const deptIds = [...parties.map((p) => p.department_id), ...(c.main_department_id ? [c.main_department_id] : [])];
  const depts = await departmentRefs(tx, deptIds);
  const readable = caseScopeWhere(actor, 'case.read');
  const [events, attachments] = [await repo.eventsOf(tx, id), await repo.attachmentsOf(tx, id)];
  const sameReporter = c.reporter_phone
    ? await repo.caseSummaries(tx, sql<SqlBool>`reporter_phone = ${c.reporter_phone} and id <> ${id}`, readable, 10)
    : [];
  const merged = await repo.caseSummaries(tx, sql<SqlBool>`master_case_id = ${id}`, readable, 50);
  const master = c.master_case_id
    ? await repo.caseSummaries(tx, sql<SqlBool>`id = ${Number(c.master_case_id)}`, readable, 1)
    : [];
  const duplicates: DuplicateCandidate[] =
    c.lat !== null && c.lng !== null && c.category_id && !TERMINAL.has(c.status)
      ? await findDuplicates(
          tx,
          {
            categoryId: c.category_id,
            lat: c.lat,
            lng: c.lng,
            text: `${c.title} ${c.description}`,
            excludeCaseId: id,
            limit: 5,
          },
          settings,
          caseScopeWhere(actor, 'case.read', 'c'),
        )
      : [];
  const actions = await allowedActionsOnCase(tx, actor, id);
  const extra = allowsCase(actor, 'case.reveal', scope) ? ['reveal'] : [];
  const iso = (d: Date | string | null) => (d ? new Date(d).toISOString() : null);
  return {
    id: Number(c.id),
    caseNo: c.case_no,
    version: c.version,
    status: c.status,
    channel: c.channel,
    nature: c.nature,
    urgency: c.urgency,
    title: c.title,
    description: c.description,
    category: cat
      ? {
          id: cat.id,
          code: cat.code,
          name: cat.name,
          parentId: cat.parent_id,
          parentName: cat.parent_name,
          kind: cat.kind,
        }
      : null,
    componentId: c.component_id,
    attributes: c.attributes,
    reporter: presentReporter(actor, c, scope) as ReporterView,
    location: {
      address: c.address,
      lat: c.lat,
      lng: c.lng,
      gridCode: c.grid_code,
      communityCode: c.community_code,
      streetCode: c.street_code,
      districtCode: c.district_code,
      areaCode: c.area_code,
    },
    routing: {
      departmentId: c.main_department_id,
      departmentName: c.main_department_id ? (depts.get(c.main_department_id)?.name ?? null) : null,
      ruleId: c.routing_rule_id,
      reason: c.routing_reason,
    },
    masterCaseId: c.master_case_id === null ? null : Number(c.master_case_id),
    clock: {
      sla: slaState(c, new Date(), settings),
      stageDueAt: iso(c.stage_due_at),
      handleDueAt: iso(c.handle_due_at),
      pausedSince: iso(c.paused_since),
      overdueLevel: c.overdue_level,
    },
    satisfaction: c.satisfaction,
    solved: c.solved,
    createdBy: c.created_by_name,
    createdAt: iso(c.created_at),
    acceptedAt: iso(c.accepted_at),
    dispatchedAt: iso(c.dispatched_at),
    closedAt: iso(c.closed_at),
    parties: parties.map((p) => ({
      departmentId: p.department_id,
      departmentName: depts.get(p.department_id)?.name ?? null,
      role: p.role,
      active: p.active,
      signedAt: iso(p.signed_at),
    })),
    timeline: events.map((e) => ({
      id: Number(e.id),
      at: iso(e.at),
      actorName: e.actor_name,
      action: e.action,
      fromStatus: e.from_status,
      toStatus: e.to_status,
      departmentId: e.department_id,
      public: e.public,
      note: e.note,
      data: e.data,
    })),
    attachments: attachments.map((a) => ({
      id: Number(a.id),
      eventId: a.event_id === null ? null : Number(a.event_id),
      stage: a.stage,
      filename: a.filename,
      mime: a.mime,
      size: a.size,
      sha256: a.sha256,
      public: a.public,
      createdBy: a.created_by,
      createdAt: iso(a.created_at),
      url: `/api/v1/cases/${Number(c.id)}/attachments/${Number(a.id)}`,
    })),
    related: {
      master: master.map(related)[0] ?? null,
      merged: merged.map(related),
      sameReporter: sameReporter.map(related),
      duplicates,
    },
    allowedActions: [...actions, ...extra],
  };
}

/** The photo bytes (scoped like the case). */
export async function getAttachment(tx: Tx, actor: Actor, caseId: number, attachmentId: number) {
  await loadCase(tx, actor, caseId, 'case.read');
  const a = await repo.attachmentContent(tx, caseId, attachmentId);
  if (!a) throw new AppError('CASE_ATTACHMENT_NOT_FOUND', 404, { id: attachmentId });
  return { filename: a.filename, mime: a.mime, size: a.size, sha256: a.sha256, content: Buffer.from(a.content) };
}

/** 查看完整信息: the reporter's full name, phone and ID number (case.reveal on the case), audited. */
export async function revealReporter(tx: Tx, actor: Actor, caseId: number, reason?: string) {
  const { row: c } = await loadCase(tx, actor, caseId, 'case.reveal');
  const fields = [
    ...(c.reporter_name ? ['name'] : []),
    ...(c.reporter_phone ? ['phone'] : []),
    ...(c.reporter_id_no ? ['idNumber'] : []),
  ];
  await recordAudit(
    tx,
    actor,
    'case.reveal',
    { type: 'case', id: caseId },
    { caseNo: c.case_no, fields, reason: reason ?? null },
  );
  return {
    id: caseId,
    caseNo: c.case_no,
    name: c.reporter_name,
    phone: c.reporter_phone,
    idNumber: c.reporter_id_no,
    kind: c.reporter_kind,
    anonymous: c.anonymous,
    confidential: c.confidential,
  };
}
