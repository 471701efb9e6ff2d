// TypeBox schemas of the configuration routes (config-routes.ts). The nested shapes a 小类 carries (time limits,
// Open311 attributes) and the settings values are checked in the services, which name the exact field that is
// wrong (e.g. `timeLimits.urgent.amount`, `attributes[1].datatype`) with a code of their own.
import { Type } from 'typebox';

const strict = { additionalProperties: false } as const;
const DbInt = Type.Integer({ minimum: 1, maximum: 2147483647 });
const Version = Type.Integer({ minimum: 1, maximum: 2147483647 });
const Kind = Type.Union([Type.Literal('component'), Type.Literal('event'), Type.Literal('hotline')]);
const Level = Type.Union([Type.Literal('city'), Type.Literal('district'), Type.Literal('street')]);

export const IdParams = Type.Object({ id: DbInt }, strict);
export const VersionBody = Type.Object({ version: Version }, strict);

export const CategoryListQuery = Type.Object(
  {
    active: Type.Optional(Type.Boolean({ description: 'true: only active; false: only inactive; omitted: all' })),
    kind: Type.Optional(Kind),
  },
  strict,
);

export const CategorySearchQuery = Type.Object(
  {
    q: Type.String({ maxLength: 50, description: 'Chinese name or keyword, or pinyin initials (jg → 井盖)' }),
    kind: Type.Optional(Kind),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 50, default: 10 })),
  },
  strict,
);

const CategoryFields = {
  name: Type.Optional(Type.String({ minLength: 1, maxLength: 50 })),
  nameEn: Type.Optional(Type.String({ maxLength: 100 })),
  keywords: Type.Optional(Type.String({ maxLength: 500 })),
  pinyinInitials: Type.Optional(Type.String({ maxLength: 40 })),
  description: Type.Optional(Type.String({ maxLength: 1000 })),
  concernsComponent: Type.Optional(Type.Boolean()),
  allowAnonymous: Type.Optional(Type.Boolean()),
  attributes: Type.Optional(
    Type.Unknown({
      description:
        'Open311 attributes: [{code, datatype: string|number|datetime|text|singlevaluelist|multivaluelist, ' +
        'required, description, order, values: [{key, name}]}] (a 小类 only)',
    }),
  ),
  timeLimits: Type.Optional(
    Type.Unknown({
      description:
        '{"normal": {"amount": 2, "unit": "working_hours"}, "urgent": {"amount": 1, "unit": "working_hours"}} or ' +
        'null = the nature default (a 小类 only)',
    }),
  ),
  duplicateGroup: Type.Optional(Type.Union([Type.String({ maxLength: 40 }), Type.Null()])),
  sort: Type.Optional(Type.Integer({ minimum: 0, maximum: 9999 })),
};

export const CreateCategoryBody = Type.Object(
  {
    ...CategoryFields,
    name: Type.String({ minLength: 1, maxLength: 50 }),
    parentId: Type.Optional(Type.Union([DbInt, Type.Null()])),
    kind: Type.Optional(Kind),
    code: Type.Optional(Type.String({ maxLength: 40, description: 'Default: the next free code under the parent' })),
  },
  strict,
);

export const UpdateCategoryBody = Type.Object({ ...CategoryFields, version: Version }, strict);

export const RuleListQuery = Type.Object(
  {
    active: Type.Optional(Type.Boolean()),
    categoryId: Type.Optional(DbInt),
    departmentId: Type.Optional(DbInt),
  },
  strict,
);

const RuleFields = {
  categoryId: Type.Optional(Type.Union([DbInt, Type.Null()], { description: 'null = any category' })),
  areaPrefix: Type.Optional(
    Type.String({ maxLength: 12, description: "'' = the whole city, else a division code (6/9/12 digits)" }),
  ),
  departmentId: Type.Optional(DbInt),
  level: Type.Optional(Level),
  priority: Type.Optional(Type.Integer({ minimum: -1000, maximum: 1000 })),
  note: Type.Optional(Type.String({ maxLength: 200 })),
};

export const CreateRuleBody = Type.Object({ ...RuleFields, departmentId: DbInt }, strict);
export const UpdateRuleBody = Type.Object({ ...RuleFields, version: Version }, strict);

export const RouteTestQuery = Type.Object(
  {
    categoryId: DbInt,
    areaCode: Type.Optional(Type.String({ maxLength: 14 })),
    lat: Type.Optional(Type.Number({ minimum: -90, maximum: 90 })),
    lng: Type.Optional(Type.Number({ minimum: -180, maximum: 180 })),
  },
  strict,
);

export const SettingsBody = Type.Record(Type.String({ maxLength: 64 }), Type.Unknown(), {
  description:
    'Only the keys to change, e.g. {"yellow_share": 0.75, "stage_limits": {"dispatch": {"amount": 1, "unit": "working_hours"}}}',
});

export const KnowledgeQuery = Type.Object(
  {
    q: Type.Optional(Type.String({ maxLength: 100 })),
    categoryId: Type.Optional(DbInt),
    active: Type.Optional(Type.Boolean()),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
  },
  strict,
);

const KnowledgeFields = {
  categoryId: Type.Optional(Type.Union([DbInt, Type.Null()])),
  question: Type.Optional(Type.String({ minLength: 1, maxLength: 500 })),
  answer: Type.Optional(Type.String({ minLength: 1, maxLength: 4000 })),
  keywords: Type.Optional(Type.String({ maxLength: 500 })),
};

export const CreateKnowledgeBody = Type.Object(
  {
    ...KnowledgeFields,
    question: Type.String({ minLength: 1, maxLength: 500 }),
    answer: Type.String({ minLength: 1, maxLength: 4000 }),
  },
  strict,
);
export const UpdateKnowledgeBody = Type.Object({ ...KnowledgeFields, version: Version }, strict);

const ImportSubcategory = Type.Object(
  {
    code: Type.String({ minLength: 1, maxLength: 40 }),
    name: Type.String({ maxLength: 50 }),
    nameEn: Type.Optional(Type.String({ maxLength: 100 })),
    keywords: Type.Optional(Type.String({ maxLength: 500 })),
    pinyinInitials: Type.Optional(Type.String({ maxLength: 40 })),
    description: Type.Optional(Type.String({ maxLength: 1000 })),
    concernsComponent: Type.Optional(Type.Boolean()),
    allowAnonymous: Type.Optional(Type.Boolean()),
    timeLimits: Type.Optional(Type.Unknown()),
    attributes: Type.Optional(Type.Unknown()),
    duplicateGroup: Type.Optional(Type.Union([Type.String({ maxLength: 40 }), Type.Null()])),
    sort: Type.Optional(Type.Integer({ minimum: 0, maximum: 9999 })),
  },
  strict,
);

export const ImportBody = Type.Object(
  {
    dryRun: Type.Optional(Type.Boolean({ description: 'Report what would change; write nothing' })),
    categories: Type.Array(
      Type.Object(
        {
          code: Type.String({ minLength: 1, maxLength: 40 }),
          kind: Kind,
          name: Type.String({ maxLength: 50 }),
          nameEn: Type.Optional(Type.String({ maxLength: 100 })),
          keywords: Type.Optional(Type.String({ maxLength: 500 })),
          description: Type.Optional(Type.String({ maxLength: 1000 })),
          sort: Type.Optional(Type.Integer({ minimum: 0, maximum: 9999 })),
          children: Type.Optional(Type.Array(ImportSubcategory, { maxItems: 500 })),
        },
        strict,
      ),
      { minItems: 1, maxItems: 200 },
    ),
  },
  strict,
);
