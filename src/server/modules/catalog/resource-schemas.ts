// TypeBox schemas for the resource catalog routes (政务信息资源目录).
import { Type } from 'typebox';
import { RESOURCE_STATUSES } from './resource-lifecycle.ts';
import { Cursor, DbInt, ElementIdentifier, Limit, Nullable, Query, Text, strict } from './schemas.ts';

export const KINDS = ['base', 'theme', 'department'] as const;
export const FORMATS = ['table', 'file', 'api'] as const;
export const SHARE_TYPES = ['unconditional', 'conditional', 'none'] as const;
export const SHARE_METHODS = ['api', 'table', 'file'] as const;
export const OPENNESS = ['open', 'conditional', 'closed'] as const;
export const UPDATE_CYCLES = ['realtime', 'daily', 'weekly', 'monthly', 'quarterly', 'yearly'] as const;
export const GRADES = ['general', 'important', 'core'] as const;
export const PERSONAL_INFO = ['none', 'personal', 'sensitive'] as const;

export const ResourceCode = Type.String({
  maxLength: 40,
  pattern: '^[1-3]\\d{5}(\\d{3})?-\\d{6}$',
  description: 'classification (类1 项2 目3 [细目3]) - 6-digit sequence, e.g. 101001-000001',
});
export const ResourceParams = Type.Object({ code: ResourceCode }, strict);
const Classification = Type.String({
  pattern: '^[1-3]\\d{5}(\\d{3})?$',
  description: '类 (1 基础, 2 主题, 3 部门) + 项 (2 digits) + 目 (3) [+ 细目 (3)]',
});

const Item = Type.Object(
  {
    name: Text(100),
    element: Type.Object({ identifier: ElementIdentifier, version: DbInt }, strict),
    isKey: Type.Optional(Type.Boolean()),
    personalInfo: Type.Enum(PERSONAL_INFO, { description: 'none / personal 个人信息 / sensitive 敏感个人信息' }),
    example: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
  },
  strict,
);

const contentFields = {
  name: Text(200),
  summary: Text(4000),
  format: Type.Enum(FORMATS, { description: '库表 table / 文件 file / 接口 api' }),
  items: Type.Array(Item, { minItems: 1, maxItems: 200 }),
  shareType: Type.Enum(SHARE_TYPES, { description: '无条件 unconditional / 有条件 conditional / 不予共享 none' }),
  shareConditions: Type.Optional(Nullable(Type.String({ maxLength: 2000 }))),
  shareBasis: Type.Optional(Nullable(Type.String({ maxLength: 2000, description: '不予共享的法律依据' }))),
  shareMethod: Type.Optional(Nullable(Type.Enum(SHARE_METHODS))),
  openness: Type.Enum(OPENNESS),
  updateCycle: Type.Enum(UPDATE_CYCLES),
  grade: Type.Enum(GRADES, { description: '一般 general / 重要 important / 核心 core (GB/T 43697)' }),
  relatedCodes: Type.Optional(Type.Array(ResourceCode, { maxItems: 50 })),
};

export const CreateResourceBody = Type.Object(
  {
    ...contentFields,
    classification: Classification,
    kind: Type.Enum(KINDS),
    providerDepartmentId: Type.Optional(Nullable(DbInt)),
  },
  strict,
);

export const UpdateResourceBody = Type.Object(
  {
    name: Type.Optional(contentFields.name),
    summary: Type.Optional(contentFields.summary),
    format: Type.Optional(contentFields.format),
    items: Type.Optional(contentFields.items),
    shareType: Type.Optional(contentFields.shareType),
    shareConditions: contentFields.shareConditions,
    shareBasis: contentFields.shareBasis,
    shareMethod: contentFields.shareMethod,
    openness: Type.Optional(contentFields.openness),
    updateCycle: Type.Optional(contentFields.updateCycle),
    grade: Type.Optional(contentFields.grade),
    relatedCodes: contentFields.relatedCodes,
    version: DbInt,
  },
  strict,
);

export const TransitionBody = Type.Object(
  { version: DbInt, reason: Type.Optional(Type.String({ maxLength: 2000 })) },
  strict,
);
export const ReasonBody = Type.Object({ version: DbInt, reason: Text(2000) }, strict);

const summaryProperties = {
  code: Type.String(),
  name: Type.String(),
  classification: Type.String(),
  kind: Type.String(),
  providerDepartmentId: Type.Integer(),
  providerCode: Nullable(Type.String()),
  providerName: Nullable(Type.String()),
  summary: Type.String(),
  format: Type.String(),
  shareType: Type.String(),
  openness: Type.String(),
  updateCycle: Type.String(),
  grade: Type.String(),
  status: Type.String(),
  publishDate: Nullable(Type.String()),
  version: Type.Integer(),
};

export const ResourceSchema = Type.Object({
  ...summaryProperties,
  items: Type.Array(
    Type.Object({
      name: Type.String(),
      element: Type.Object({
        identifier: Type.String(),
        version: Type.Integer(),
        latestVersion: Type.Integer(),
        nameZh: Nullable(Type.String()),
        dataType: Nullable(Type.String()),
      }),
      isKey: Type.Boolean(),
      personalInfo: Type.String(),
      example: Nullable(Type.String()),
    }),
  ),
  shareConditions: Nullable(Type.String()),
  shareBasis: Nullable(Type.String()),
  shareMethod: Nullable(Type.String()),
  relatedCodes: Type.Array(Type.String()),
  statusNote: Nullable(Type.String()),
  submittedAt: Nullable(Type.String()),
  reviewedBy: Nullable(Type.String()),
  reviewedAt: Nullable(Type.String()),
  createdBy: Type.String(),
  createdAt: Type.String(),
  updatedAt: Type.String(),
  allowedActions: Type.Array(Type.String()),
});

const Facet = Type.Array(Type.Object({ value: Type.String(), label: Type.String(), count: Type.Integer() }));
const upTo10 = { maxItems: 10 };

export const ResourceQuery = Type.Object(
  {
    q: Type.Optional(Query),
    departmentId: Type.Optional(Type.Array(DbInt, { maxItems: 50 })),
    classification: Type.Optional(Type.String({ pattern: '^[1-3]\\d{0,8}$', description: 'code prefix' })),
    kind: Type.Optional(Type.Array(Type.Enum(KINDS), upTo10)),
    shareType: Type.Optional(Type.Array(Type.Enum(SHARE_TYPES), upTo10)),
    openness: Type.Optional(Type.Array(Type.Enum(OPENNESS), upTo10)),
    format: Type.Optional(Type.Array(Type.Enum(FORMATS), upTo10)),
    grade: Type.Optional(Type.Array(Type.Enum(GRADES), upTo10)),
    status: Type.Optional(Type.Array(Type.Enum(RESOURCE_STATUSES), upTo10)),
    limit: Type.Optional(Limit(100)),
    cursor: Type.Optional(Cursor),
  },
  strict,
);

export const ResourcePage = Type.Object({
  items: Type.Array(Type.Object({ ...summaryProperties, score: Nullable(Type.Number()) })),
  total: Type.Integer(),
  facets: Type.Object({
    department: Facet,
    kind: Facet,
    shareType: Facet,
    openness: Facet,
    format: Facet,
    grade: Facet,
    status: Facet,
  }),
  nextCursor: Nullable(Type.String()),
});
