import { type Static, Type } from 'typebox';

const AuditResult = Type.Union([Type.Literal('ok'), Type.Literal('denied'), Type.Literal('failed')], {
  description: '结果 ok | denied | failed',
});

const Instant = (description: string) =>
  Type.String({ maxLength: 40, description: `${description}; ISO 8601 with offset, e.g. 2024-05-01T00:00:00+08:00` });

/** The filters shared by the list and the export. */
const filterProperties = {
  actor: Type.Optional(
    Type.String({ minLength: 1, maxLength: 200, description: '操作者: actor name, exact or prefix' }),
  ),
  action: Type.Optional(
    Type.String({ minLength: 1, maxLength: 200, description: '操作: action prefix, e.g. "org.user"' }),
  ),
  target: Type.Optional(
    Type.String({
      minLength: 1,
      maxLength: 300,
      description: '对象: "type:id" (e.g. "case:42"), "type:" for every object of a type, or a bare target id',
    }),
  ),
  result: Type.Optional(AuditResult),
  from: Type.Optional(Instant('from this time (inclusive)')),
  to: Type.Optional(Instant('before this time (exclusive)')),
};

export const AuditQuery = Type.Object(
  {
    ...filterProperties,
    limit: Type.Optional(
      Type.Integer({ minimum: 1, maximum: 500, default: 50, description: 'page size (default 50)' }),
    ),
    cursor: Type.Optional(
      Type.String({ maxLength: 100, description: 'nextCursor of the previous page; omit for the newest page' }),
    ),
  },
  { additionalProperties: false },
);
export type AuditQuery = Static<typeof AuditQuery>;

export const AuditExportQuery = Type.Object(
  {
    ...filterProperties,
    format: Type.Optional(
      Type.Union([Type.Literal('csv'), Type.Literal('xlsx')], { default: 'csv', description: 'csv (default) or xlsx' }),
    ),
  },
  { additionalProperties: false },
);
export type AuditExportQuery = Static<typeof AuditExportQuery>;

export const AuditEntry = Type.Object(
  {
    id: Type.Integer(),
    at: Type.String({ description: 'ISO 8601, UTC' }),
    actorKind: Type.Union([
      Type.Literal('user'),
      Type.Literal('apikey'),
      Type.Literal('system'),
      Type.Literal('anonymous'),
    ]),
    actorName: Type.String(),
    action: Type.String(),
    targetType: Type.Union([Type.String(), Type.Null()]),
    targetId: Type.Union([Type.String(), Type.Null()]),
    summary: Type.Record(Type.String(), Type.Unknown()),
    result: AuditResult,
    ip: Type.Union([Type.String(), Type.Null()]),
    requestId: Type.Union([Type.String(), Type.Null()]),
    chainSeq: Type.Union([Type.Integer(), Type.Null()], { description: 'place in the hash chain; null until sealed' }),
  },
  { additionalProperties: false },
);
export type AuditEntry = Static<typeof AuditEntry>;

export const AuditPage = Type.Object(
  {
    items: Type.Array(AuditEntry),
    nextCursor: Type.Union([Type.String(), Type.Null()], { description: 'null on the last page' }),
  },
  { additionalProperties: false },
);
export type AuditPage = Static<typeof AuditPage>;

const LocalizedText = Type.Object({ 'zh-CN': Type.String(), en: Type.String() }, { additionalProperties: false });

export const AuditVerifyResult = Type.Object(
  {
    ok: Type.Boolean(),
    checked: Type.Integer({ description: 'records that passed every check' }),
    head: Type.Union([
      Type.Object({ chainSeq: Type.Integer(), hash: Type.String() }, { additionalProperties: false }),
      Type.Null(),
    ]),
    firstBad: Type.Optional(
      Type.Object(
        {
          id: Type.Union([Type.Integer(), Type.Null()], { description: 'null when the record itself was deleted' }),
          chainSeq: Type.Union([Type.Integer(), Type.Null()]),
          problem: Type.Union([
            Type.Literal('altered'),
            Type.Literal('deleted_before'),
            Type.Literal('out_of_order'),
            Type.Literal('head_mismatch'),
            Type.Literal('beyond_head'),
          ]),
          message: LocalizedText,
          missing: Type.Optional(
            Type.Object({ from: Type.Integer(), to: Type.Integer() }, { additionalProperties: false }),
          ),
        },
        { additionalProperties: false },
      ),
    ),
    warnings: Type.Array(
      Type.Object(
        {
          code: Type.Literal('unsealed_backlog'),
          count: Type.Integer(),
          oldestId: Type.Integer(),
          oldestAt: Type.String(),
          message: LocalizedText,
        },
        { additionalProperties: false },
      ),
    ),
    message: LocalizedText,
  },
  { additionalProperties: false },
);
