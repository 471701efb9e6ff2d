// /api/v1/cases/:id/actions/<action>: one route per action of the case loop (workflow.ts), each with its own strict
// TypeBox body (expectedVersion always required), so the OpenAPI document shows exactly what every action takes.
// Plus a case's requests and the centre's inbox of requests awaiting a decision. HTTP only: the rules are in
// transitions*.ts.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { type TObject, type TProperties, Type } from 'typebox';
import { runAction } from '../../platform/http/action.ts';
import type { ModuleContext } from '../../platform/module.ts';
import { applyAction } from './transitions.ts';
import { listRequestsOfCase, pendingRequestsInbox } from './transitions-inbox.ts';
import type { CaseActionName } from './workflow.ts';

const strict = { additionalProperties: false };
const Text = (max: number) => Type.String({ minLength: 1, maxLength: max });
const Reason = Text(1000);
const Version = Type.Integer({ minimum: 1, description: 'The version of the case the caller saw (乐观锁)' });
const Id = Type.Integer({ minimum: 1, maximum: 2_147_483_647 });
const Photo = Type.Object(
  {
    filename: Type.Optional(Type.String({ maxLength: 200 })),
    mime: Type.Optional(Type.String({ maxLength: 100 })),
    contentBase64: Type.String({ minLength: 1, maxLength: 7_100_000, description: 'Base64 (≤ 5 MB decoded)' }),
  },
  strict,
);
const Photos = Type.Array(Photo, { maxItems: 9 });
const IdParams = Type.Object({ id: Type.Integer({ minimum: 1 }) }, strict);

const body = (props: TProperties): TObject => Type.Object({ expectedVersion: Version, ...props }, strict);

/** Action → [summary, description, body]. 并案 has its own route (POST /api/v1/cases/:id/merge, duplicates.ts). */
const ACTIONS: Record<Exclude<CaseActionName, 'merge'>, [string, string, TObject]> = {
  accept: ['受理 Accept', 'received → accepted. Hotline agent / dispatcher.', body({ note: Type.Optional(Reason) })],
  reject: ['不予受理 Reject', 'received|accepted → rejected (terminal). Reason required.', body({ reason: Reason })],
  answerDirectly: [
    '直接办结 Answer on the call',
    'received|accepted → closed with the standard answer (e.g. from the knowledge base).',
    body({ answer: Text(4000), knowledgeId: Type.Optional(Id) }),
  ],
  register: ['立案 Register', 'accepted → registered (dispatcher queue).', body({ note: Type.Optional(Reason) })],
  dispatch: [
    '派遣 Dispatch',
    'registered → dispatched. Main department (default: the routed one) + co-handling departments; 派单级次 optional.',
    body({
      mainDepartmentId: Type.Optional(Id),
      coDepartmentIds: Type.Optional(Type.Array(Id, { maxItems: 20 })),
      level: Type.Optional(Type.Enum(['city', 'district', 'street'])),
      note: Type.Optional(Reason),
    }),
  ],
  sign: [
    '签收 Sign for the case',
    'Main department: dispatched → in_progress. A co-handling department signs its own part (status unchanged).',
    body({}),
  ],
  submitResult: [
    '处置反馈 Submit the result',
    'in_progress → handled, with the result and up to 9 photos (JPEG/PNG/WebP, checked by content).',
    body({ result: Text(4000), photos: Type.Optional(Photos) }),
  ],
  verify: [
    '核查 Verify on site',
    'handled → verified (fixed) or → in_progress (not fixed: 返工, reason required, rework_count + 1).',
    body({ fixed: Type.Boolean(), reason: Type.Optional(Reason), photos: Type.Optional(Photos) }),
  ],
  close: ['结案 Close', 'verified|handled → closed.', body({ note: Type.Optional(Reason) })],
  park: [
    '挂账 Park',
    'registered|dispatched|in_progress → parked (not solvable for now). Reason required.',
    body({ reason: Reason }),
  ],
  unpark: ['取消挂账 Unpark', 'parked → registered.', body({ note: Type.Optional(Reason) })],
  revisit: [
    '回访 Revisit',
    'closed → revisited: satisfaction and whether solved. By an agent, or by the reporter on their own case.',
    body({
      satisfaction: Type.Enum(['satisfied', 'basically', 'unsatisfied']),
      solved: Type.Boolean(),
      method: Type.Optional(Type.Enum(['phone', 'sms', 'web', 'app', 'visit'])),
      note: Type.Optional(Reason),
    }),
  ],
  reopen: [
    '重办 Reopen',
    'closed|revisited → dispatched to the same main department with a fresh deadline, when unsatisfied or ' +
      'unsolved, within the reopen window and at most reopen_max times (409 CASE_REOPEN_NOT_ALLOWED otherwise).',
    body({ reason: Reason }),
  ],
  requestReturn: [
    '退单 Ask to return the case',
    'By the main department within return_limit_hours working hours of dispatch (409 CASE_RETURN_TOO_LATE).',
    body({ reason: Reason }),
  ],
  decideReturn: [
    '退单审核 Decide a return',
    'Approved: back to registered (dispatcher queue), the department no longer takes part. Refusal needs a reason.',
    body({ approve: Type.Boolean(), reason: Type.Optional(Reason) }),
  ],
  requestExtension: [
    '延期申请 Ask for an extension',
    'Before the handling deadline (409 CASE_EXTENSION_TOO_LATE), for a later one.',
    body({ reason: Reason, requestedDueAt: Type.String({ format: 'date-time' }) }),
  ],
  decideExtension: [
    '延期审批 Decide an extension',
    'Approved: the handling deadline moves to the requested one. Refusal needs a reason.',
    body({ approve: Type.Boolean(), reason: Type.Optional(Reason) }),
  ],
  requestSuspension: ['挂起申请 Ask to suspend', 'The clock stops once approved.', body({ reason: Reason })],
  decideSuspension: [
    '挂起审批 Decide a suspension',
    'Approved: the clock pauses (no timer fires). Refusal needs a reason.',
    body({ approve: Type.Boolean(), reason: Type.Optional(Reason) }),
  ],
  resume: [
    '恢复 Resume after a suspension',
    'Deadlines move on by the paused working time.',
    body({ note: Type.Optional(Reason) }),
  ],
  urge: ['催办 Urge', 'By hand (the clock also urges when a stage is overdue).', body({ note: Type.Optional(Reason) })],
  supervise: ['督办 Supervise', 'By hand (the clock also escalates).', body({ note: Type.Optional(Reason) })],
  addNote: ['内部备注 Internal note', 'Staff timeline only; never shown to the citizen.', body({ note: Text(2000) })],
};

const Result = Type.Object({ id: Type.Integer(), status: Type.String(), version: Type.Integer() });

export async function registerWorkflowRoutes(root: FastifyInstance, _ctx: ModuleContext): Promise<void> {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['cases'];
  const base = '/api/v1/cases';
  for (const [action, [summary, description, schema]] of Object.entries(ACTIONS) as [
    Exclude<CaseActionName, 'merge'>,
    [string, string, TObject],
  ][]) {
    app.post(
      `${base}/:id/actions/${action}`,
      {
        bodyLimit: action === 'submitResult' || action === 'verify' ? 64 * 1024 * 1024 : undefined,
        schema: {
          tags,
          summary,
          description: `${description} Stale expectedVersion → 409 CASE_VERSION_CONFLICT (details.currentVersion); not possible in the current state → 409 INVALID_TRANSITION (details.allowed). Audited.`,
          params: IdParams,
          body: schema,
          response: { 200: Result },
        },
      },
      async (req) =>
        runAction(req, (tx, actor) =>
          applyAction(tx, actor, req.params.id, action, req.body as Record<string, unknown>),
        ),
    );
  }
  app.get(
    `${base}/:id/requests`,
    {
      schema: {
        tags,
        summary: '工单申请记录 Requests of a case',
        description: '退单 / 延期 / 挂起 / 重办 requests with their decisions.',
        params: IdParams,
      },
    },
    async (req) => runAction(req, (tx, actor) => listRequestsOfCase(tx, actor, req.params.id)),
  );
  app.get(
    `${base}/pending-requests`,
    {
      schema: {
        tags,
        summary: '待审核申请 Requests awaiting a decision',
        description:
          'The centre’s inbox: 退单 for dispatchers, 延期 / 挂起 for supervisors, within the caller’s scope; oldest ' +
          'first, keyset paging with afterId.',
        querystring: Type.Object(
          {
            kind: Type.Optional(Type.Enum(['return', 'extension', 'suspension'])),
            afterId: Type.Optional(Type.Integer({ minimum: 1 })),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
          },
          strict,
        ),
      },
    },
    async (req) => runAction(req, (tx, actor) => pendingRequestsInbox(tx, actor, req.query)),
  );
}
