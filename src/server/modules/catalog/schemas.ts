// TypeBox schemas for the catalog routes: they validate requests and document the API (OpenAPI). Resources
// have their own file (resource-schemas.ts).
import { type TSchema, Type } from 'typebox';
import { DATA_TYPES, VALIDATOR_NAMES } from './value-domain.ts';

export const strict = { additionalProperties: false } as const;
export const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
/** A positive int4: ids and versions. Larger numbers are a 400 here, not an overflow in the database. */
export const DbInt = Type.Integer({ minimum: 1, maximum: 2147483647 });
export const Text = (maxLength: number) => Type.String({ minLength: 1, maxLength });
export const Limit = (max: number) => Type.Integer({ minimum: 1, maximum: max });
export const Cursor = Type.String({ maxLength: 200, pattern: '^[A-Za-z0-9_-]+$' });
export const Query = Type.String({ maxLength: 100 });
export const Iso = Type.String({ format: 'date-time' });

export const Id = Type.Object({ id: DbInt }, strict);
export const VersionQuery = Type.Object({ version: DbInt }, strict);

// ── systems ────────────────────────────────────────────────────────────────────────────────────────────────

export const NETWORKS = ['gov_extranet', 'private', 'internet'] as const;
export const SYSTEM_STATUSES = ['planned', 'running', 'retired'] as const;
const ResourceCodeRef = Type.String({ maxLength: 40, pattern: '^[1-3]\\d{5}(\\d{3})?-\\d{6}$' });

const systemFields = {
  name: Text(100),
  purpose: Text(2000),
  users: Text(500),
  hosting: Text(200),
  network: Type.Enum(NETWORKS, { description: '政务外网 gov_extranet / 专网 private / 互联网 internet' }),
  status: Type.Enum(SYSTEM_STATUSES),
  resourceCodes: Type.Optional(Type.Array(ResourceCodeRef, { maxItems: 200 })),
};
export const CreateSystemBody = Type.Object(
  { ...systemFields, ownerDepartmentId: Type.Optional(Nullable(DbInt)) },
  strict,
);
export const UpdateSystemBody = Type.Object(
  {
    name: Type.Optional(systemFields.name),
    purpose: Type.Optional(systemFields.purpose),
    users: Type.Optional(systemFields.users),
    hosting: Type.Optional(systemFields.hosting),
    network: Type.Optional(systemFields.network),
    status: Type.Optional(systemFields.status),
    resourceCodes: systemFields.resourceCodes,
    version: DbInt,
  },
  strict,
);
export const SystemSchema = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  ownerDepartmentId: Type.Integer(),
  ownerCode: Nullable(Type.String()),
  ownerName: Nullable(Type.String()),
  purpose: Type.String(),
  users: Type.String(),
  hosting: Type.String(),
  network: Type.String(),
  status: Type.String(),
  resources: Type.Array(Type.Object({ code: Type.String(), name: Type.String() })),
  createdBy: Type.String(),
  createdAt: Type.String(),
  updatedAt: Type.String(),
  version: Type.Integer(),
  allowedActions: Type.Array(Type.String()),
});
const systemFilters = {
  q: Type.Optional(Query),
  departmentId: Type.Optional(DbInt),
  network: Type.Optional(Type.Enum(NETWORKS)),
  status: Type.Optional(Type.Enum(SYSTEM_STATUSES)),
};
export const SystemQuery = Type.Object(
  { ...systemFilters, limit: Type.Optional(Limit(200)), cursor: Type.Optional(Cursor) },
  strict,
);
export const SystemExportQuery = Type.Object(systemFilters, strict);
export const SystemPage = Type.Object({ items: Type.Array(SystemSchema), nextCursor: Nullable(Type.String()) });

// ── data elements and code lists ───────────────────────────────────────────────────────────────────────────

export const ELEMENT_STATUSES = ['draft', 'standard', 'retired'] as const;
export const ElementIdentifier = Type.String({ pattern: '^DE\\d{4,9}$', description: 'e.g. DE0001' });
export const ElementParams = Type.Object({ identifier: ElementIdentifier }, strict);
export const CodeListId = Type.String({ pattern: '^[A-Za-z][A-Za-z0-9._-]{1,39}$', description: 'e.g. GBT2261.1' });
export const CodeListParams = Type.Object({ id: CodeListId }, strict);

const Bound = Type.Number({ minimum: -1e15, maximum: 1e15 });
const ValueDomainInput = Type.Union(
  [
    Type.Object({ kind: Type.Literal('none') }, strict),
    Type.Object({ kind: Type.Literal('code_list'), codeListId: CodeListId }, strict),
    Type.Object({ kind: Type.Literal('pattern'), pattern: Text(200) }, strict),
    Type.Object(
      { kind: Type.Literal('range'), min: Type.Optional(Nullable(Bound)), max: Type.Optional(Nullable(Bound)) },
      strict,
    ),
    Type.Object({ kind: Type.Literal('validator'), validator: Type.Enum(VALIDATOR_NAMES) }, strict),
  ],
  { description: '值域: a code list, a pattern (whole value), a numeric range or a built-in validator' },
);

const elementFields = {
  nameZh: Text(100),
  nameEn: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
  definition: Text(2000),
  dataType: Type.Enum(DATA_TYPES),
  format: Type.Optional(Nullable(Type.String({ maxLength: 100 }))),
  valueDomain: Type.Optional(ValueDomainInput),
  unit: Type.Optional(Nullable(Type.String({ maxLength: 50 }))),
  status: Type.Optional(Type.Enum(ELEMENT_STATUSES)),
};
export const CreateElementBody = Type.Object(elementFields, strict);
export const ReviseElementBody = Type.Object({ ...elementFields, baseVersion: DbInt }, strict);

const ValueDomainView = Type.Object({
  kind: Type.String(),
  codeListId: Type.Optional(Type.String()),
  pattern: Type.Optional(Type.String()),
  min: Type.Optional(Nullable(Type.Number())),
  max: Type.Optional(Nullable(Type.Number())),
  validator: Type.Optional(Type.String()),
});
export const ElementSchema = Type.Object({
  identifier: Type.String(),
  version: Type.Integer(),
  latestVersion: Type.Integer(),
  nameZh: Type.String(),
  nameEn: Nullable(Type.String()),
  definition: Type.String(),
  dataType: Type.String(),
  format: Nullable(Type.String()),
  valueDomain: ValueDomainView,
  unit: Nullable(Type.String()),
  status: Type.String(),
  createdBy: Type.String(),
  createdAt: Type.String(),
  allowedActions: Type.Array(Type.String()),
});
export const ElementDetail = Type.Object({
  element: ElementSchema,
  versions: Type.Array(
    Type.Object({ version: Type.Integer(), status: Type.String(), createdBy: Type.String(), createdAt: Type.String() }),
  ),
});
export const ElementDetailQuery = Type.Object({ version: Type.Optional(DbInt) }, strict);
export const ElementQuery = Type.Object(
  {
    q: Type.Optional(Query),
    status: Type.Optional(Type.Enum(ELEMENT_STATUSES)),
    dataType: Type.Optional(Type.Enum(DATA_TYPES)),
    limit: Type.Optional(Limit(200)),
    cursor: Type.Optional(Cursor),
  },
  strict,
);
export const ElementPage = Type.Object({ items: Type.Array(ElementSchema), nextCursor: Nullable(Type.String()) });
export const ElementImpact = Type.Object({
  identifier: Type.String(),
  latestVersion: Type.Integer(),
  resources: Type.Array(
    Type.Object({
      code: Type.String(),
      name: Type.String(),
      status: Type.String(),
      providerDepartmentId: Type.Integer(),
      providerName: Nullable(Type.String()),
      items: Type.Array(Type.Object({ name: Type.String(), elementVersion: Type.Integer() })),
    }),
  ),
});
export const ValidateValuesBody = Type.Object(
  {
    version: Type.Optional(DbInt),
    values: Type.Array(Type.String({ maxLength: 200 }), { minItems: 1, maxItems: 1000 }),
  },
  strict,
);
export const ValidateValuesReply = Type.Object({
  identifier: Type.String(),
  version: Type.Integer(),
  results: Type.Array(Type.Object({ index: Type.Integer(), ok: Type.Boolean(), reason: Nullable(Type.String()) })),
});

const CodeListItemView = Type.Object({ code: Type.String(), labelZh: Type.String(), labelEn: Nullable(Type.String()) });
export const CodeListSchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  nameEn: Nullable(Type.String()),
  standard: Nullable(Type.String()),
  source: Nullable(Type.String()),
  itemCount: Type.Integer(),
  createdBy: Type.String(),
  createdAt: Type.String(),
});
export const CodeListDetail = Type.Object({ ...CodeListSchema.properties, items: Type.Array(CodeListItemView) });
export const CreateCodeListBody = Type.Object(
  {
    id: CodeListId,
    name: Text(100),
    nameEn: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
    standard: Type.Optional(Nullable(Type.String({ maxLength: 100 }))),
    source: Type.Optional(Nullable(Type.String({ maxLength: 100 }))),
    items: Type.Array(
      Type.Object(
        {
          code: Type.String({ minLength: 1, maxLength: 50, pattern: '^\\S+$' }),
          labelZh: Text(200),
          labelEn: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
        },
        strict,
      ),
      { maxItems: 5000 },
    ),
  },
  strict,
);

// ── demands ────────────────────────────────────────────────────────────────────────────────────────────────

export const DEMAND_STATUSES = ['open', 'matched', 'closed'] as const;
export const CreateDemandBody = Type.Object(
  {
    title: Text(200),
    description: Type.Optional(Type.String({ maxLength: 4000 })),
    wantedFields: Type.Optional(Type.Array(Text(100), { maxItems: 50 })),
    requestingDepartmentId: Type.Optional(Nullable(DbInt)),
  },
  strict,
);
export const CloseDemandBody = Type.Object(
  {
    version: DbInt,
    matchedResourceCodes: Type.Optional(Type.Array(ResourceCodeRef, { maxItems: 50 })),
    note: Type.Optional(Nullable(Type.String({ maxLength: 2000 }))),
  },
  strict,
);
export const DemandSchema = Type.Object({
  id: Type.Integer(),
  requestingDepartmentId: Type.Integer(),
  requestingDepartmentName: Nullable(Type.String()),
  title: Type.String(),
  description: Type.String(),
  wantedFields: Type.Array(Type.String()),
  status: Type.String(),
  matchedCodes: Type.Array(Type.String()),
  closeNote: Nullable(Type.String()),
  closedBy: Nullable(Type.String()),
  closedAt: Nullable(Type.String()),
  createdBy: Type.String(),
  createdAt: Type.String(),
  version: Type.Integer(),
  allowedActions: Type.Array(Type.String()),
});
export const DemandQuery = Type.Object(
  {
    status: Type.Optional(Type.Enum(DEMAND_STATUSES)),
    departmentId: Type.Optional(DbInt),
    q: Type.Optional(Query),
    limit: Type.Optional(Limit(200)),
    cursor: Type.Optional(Cursor),
  },
  strict,
);
export const DemandPage = Type.Object({ items: Type.Array(DemandSchema), nextCursor: Nullable(Type.String()) });
export const SuggestionQuery = Type.Object({ limit: Type.Optional(Limit(50)) }, strict);
export const SuggestionReply = Type.Object({
  demandId: Type.Integer(),
  items: Type.Array(
    Type.Object({
      code: Type.String(),
      name: Type.String(),
      providerDepartmentId: Type.Integer(),
      providerName: Nullable(Type.String()),
      shareType: Type.String(),
      score: Type.Number(),
      matchedFields: Type.Array(Type.String()),
    }),
  ),
});
