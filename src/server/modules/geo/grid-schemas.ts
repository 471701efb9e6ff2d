// TypeBox schemas of the grid, look-up, assignment, gazetteer and place routes.
import { Type } from 'typebox';

const strict = { additionalProperties: false } as const;
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
/** A positive int4: ids and versions. Larger numbers are a 400 here, not an overflow in the database. */
const DbInt = Type.Integer({ minimum: 1, maximum: 2147483647 });
const Crs = Type.Union([Type.Literal('wgs84'), Type.Literal('gcj02'), Type.Literal('bd09')], {
  description: '坐标系 of the input: wgs84 (GPS, default), gcj02 (AMap/Tencent), bd09 (Baidu)',
  default: 'wgs84',
});
const GridType = Type.Union([Type.Literal('urban'), Type.Literal('rural'), Type.Literal('special')], {
  description: '城市网格 / 农村网格 / 专属网格',
});
const Role = Type.Union([Type.Literal('primary'), Type.Literal('backup'), Type.Literal('chief')], {
  description: '网格员（主）/ 网格员（备）/ 网格长',
});
const Day = Type.String({ format: 'date', description: 'YYYY-MM-DD, the city’s calendar day' });
const Geometry = Type.Unknown({ description: 'GeoJSON geometry (WGS84)' });
const BBox = Type.Array(Type.Number(), { minItems: 4, maxItems: 4, description: '[minLng, minLat, maxLng, maxLat]' });
const Named = Type.Object({ code: Type.String(), name: Type.String() });

export const GridCodeParams = Type.Object(
  { code: Type.String({ pattern: '^\\d{14,15}$', description: '网格编码: community code (12) + sequence' }) },
  strict,
);
export const IdParams = Type.Object({ id: DbInt }, strict);
export const VersionQuery = Type.Object({ version: Type.Optional(DbInt) }, strict);

export const LocateQuery = Type.Object(
  {
    lat: Type.Number({ minimum: -90, maximum: 90, description: 'latitude in degrees' }),
    lng: Type.Number({ minimum: -180, maximum: 180, description: 'longitude in degrees' }),
    crs: Type.Optional(Crs),
  },
  strict,
);

const Worker = Type.Object({ userId: Type.Integer(), displayName: Type.String(), role: Role });
export const LocateReply = Type.Object({
  inside: Type.Boolean(),
  reason: Type.Optional(Type.Literal('outside_jurisdiction')),
  point: Type.Object({ lng: Type.Number(), lat: Type.Number() }, { description: 'the point looked up, in WGS84' }),
  grid: Type.Optional(Type.Object({ code: Type.String(), name: Type.String(), type: GridType })),
  community: Type.Optional(Named),
  street: Type.Optional(Named),
  district: Type.Optional(Named),
  workers: Type.Optional(Type.Array(Worker)),
});

const Filters = {
  district: Type.Optional(Type.String({ pattern: '^\\d{6}$', description: 'district code (6 digits)' })),
  street: Type.Optional(Type.String({ pattern: '^\\d{9}$', description: 'street/town code (9 digits)' })),
  community: Type.Optional(Type.String({ pattern: '^\\d{12}$', description: 'community/village code (12 digits)' })),
  version: Type.Optional(DbInt),
  bbox: Type.Optional(Type.String({ maxLength: 200, description: 'minLng,minLat,maxLng,maxLat (WGS84)' })),
};
export const GridsQuery = Type.Object(Filters, strict);
export const ExportQuery = Type.Object(
  {
    format: Type.Optional(
      Type.Union([Type.Literal('geojson'), Type.Literal('csv'), Type.Literal('xlsx')], { default: 'geojson' }),
    ),
    ...Filters,
  },
  strict,
);

const GridProperties = Type.Object({
  code: Type.String(),
  name: Type.String(),
  type: GridType,
  status: Type.String(),
  areaM2: Type.Number(),
  communityCode: Type.String(),
  communityName: Type.String(),
  streetCode: Type.String(),
  streetName: Type.String(),
  districtCode: Type.String(),
  districtName: Type.String(),
  version: Type.Integer(),
  workerCount: Type.Integer(),
});
export const GridLayer = Type.Object({
  type: Type.Literal('FeatureCollection'),
  version: Nullable(Type.Integer()),
  features: Type.Array(
    Type.Object({
      type: Type.Literal('Feature'),
      id: Type.String(),
      bbox: BBox,
      geometry: Geometry,
      properties: GridProperties,
    }),
  ),
});

export const Assignment = Type.Object({
  id: Type.Integer(),
  gridCode: Type.String(),
  userId: Type.Integer(),
  displayName: Type.String(),
  role: Role,
  validFrom: Type.String(),
  validTo: Nullable(Type.String()),
  current: Type.Boolean(),
  createdAt: Type.String(),
  createdBy: Type.String(),
});
export const AssignmentList = Type.Object({ items: Type.Array(Assignment) });
export const AssignBody = Type.Object(
  { userId: DbInt, role: Role, validFrom: Day, validTo: Type.Optional(Nullable(Day)) },
  strict,
);
export const EndAssignmentBody = Type.Object({ validTo: Day }, strict);

export const GridDetail = Type.Object({
  ...GridProperties.properties,
  bbox: BBox,
  geometry: Geometry,
  workers: Type.Array(
    Type.Object({
      assignmentId: Type.Integer(),
      userId: Type.Integer(),
      displayName: Type.String(),
      role: Role,
      validFrom: Type.String(),
      validTo: Nullable(Type.String()),
    }),
  ),
  history: Type.Array(Assignment),
  placesCount: Type.Integer(),
  allowedActions: Type.Array(Type.String()),
});

export const BoundaryFeature = Type.Object({
  type: Type.Literal('Feature'),
  id: Type.String(),
  properties: Type.Object({
    code: Type.String(),
    name: Type.String(),
    level: Type.String(),
    parentCode: Nullable(Type.String()),
  }),
  geometry: Geometry,
});

export const GridVersions = Type.Object({
  current: Nullable(Type.Integer()),
  items: Type.Array(
    Type.Object({
      version: Type.Integer(),
      createdAt: Type.String(),
      createdBy: Type.String(),
      note: Nullable(Type.String()),
      source: Type.String(),
      featureCount: Type.Integer(),
      current: Type.Boolean(),
    }),
  ),
});

export const ImportQuery = Type.Object(
  {
    dryRun: Type.Optional(Type.Boolean({ default: true, description: 'true (default): report only, write nothing' })),
    crs: Type.Optional(Crs),
    note: Type.Optional(Type.String({ maxLength: 200, description: 'what this version is, for the version list' })),
  },
  strict,
);
// Any JSON object: a FeatureCollection with foreign members (name, crs, bbox from QGIS and the like) is fine;
// what is wrong with it is reported by the import, not refused by the schema.
export const FeatureCollectionBody = Type.Object(
  {},
  {
    additionalProperties: true,
    description: 'GeoJSON FeatureCollection of Polygon/MultiPolygon; properties code, name, type',
  },
);

const Problem = Type.Object({
  severity: Type.Union([Type.Literal('error'), Type.Literal('warning')]),
  kind: Type.String(),
  message: Type.String(),
  featureIndex: Type.Optional(Type.Integer()),
  features: Type.Optional(Type.Array(Type.Integer())),
  code: Type.Optional(Type.String()),
  codes: Type.Optional(Type.Array(Type.String())),
  communityCode: Type.Optional(Type.String()),
  ring: Type.Optional(Type.Integer()),
  at: Type.Optional(Type.Array(Type.Number())),
  areaM2: Type.Optional(Type.Number()),
  detail: Type.Optional(Type.String()),
});
const AreaFinding = {
  areaM2: Type.Number(),
  geometry: Geometry,
  message: Type.String(),
};
export const ImportReport = Type.Object({
  ok: Type.Boolean(),
  dryRun: Type.Boolean(),
  applied: Type.Boolean(),
  version: Nullable(Type.Integer()),
  crs: Type.String(),
  featureCount: Type.Integer(),
  errorCount: Type.Integer(),
  warningCount: Type.Integer(),
  countsByKind: Type.Record(Type.String(), Type.Integer()),
  problems: Type.Array(Problem),
  overlaps: Type.Array(
    Type.Object({ a: Type.String(), b: Type.String(), features: Type.Array(Type.Integer()), ...AreaFinding }),
  ),
  gaps: Type.Array(Type.Object({ communityCode: Type.String(), communityName: Type.String(), ...AreaFinding })),
  diff: Type.Object({
    baseVersion: Nullable(Type.Integer()),
    added: Type.Array(Type.String()),
    changed: Type.Array(Type.String()),
    removed: Type.Array(Type.String()),
    unchanged: Type.Integer(),
  }),
});

export const SearchQuery = Type.Object(
  {
    q: Type.String({ minLength: 1, maxLength: 100, description: 'code, name or (partial) address' }),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 50, default: 20 })),
  },
  strict,
);
export const SearchReply = Type.Object({
  items: Type.Array(
    Type.Object({
      kind: Type.Union([Type.Literal('division'), Type.Literal('grid'), Type.Literal('address')]),
      code: Nullable(Type.String()),
      name: Type.String(),
      lng: Type.Optional(Type.Number()),
      lat: Type.Optional(Type.Number()),
      score: Type.Number(),
    }),
  ),
});

export const CrsQuery = Type.Object({ crs: Type.Optional(Crs) }, strict);
export const ImportSummary = Type.Object({
  imported: Type.Integer(),
  located: Type.Integer(),
  outside: Type.Integer(),
  ids: Type.Optional(Type.Array(Type.Integer())),
});

export const PlaceInput = Type.Object(
  {
    kind: Type.Union([
      Type.Literal('building'),
      Type.Literal('shop'),
      Type.Literal('facility'),
      Type.Literal('component'),
    ]),
    name: Type.String({ minLength: 1, maxLength: 200 }),
    componentId: Type.Optional(Nullable(Type.String({ pattern: '^\\d{16}$', description: '部件编码 (16 digits)' }))),
    address: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
    lng: Type.Number({ minimum: -180, maximum: 180 }),
    lat: Type.Number({ minimum: -90, maximum: 90 }),
    crs: Type.Optional(Crs),
    attributes: Type.Optional(Type.Record(Type.String({ maxLength: 100 }), Type.Unknown(), { maxProperties: 50 })),
  },
  strict,
);
export const PlacesBody = Type.Array(PlaceInput, { minItems: 1, maxItems: 50_000 });
export const PlacesQuery = Type.Object(
  {
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
    cursor: Type.Optional(Type.String({ pattern: '^\\d{1,15}$', description: 'nextCursor of the previous page' })),
  },
  strict,
);
export const PlacesPage = Type.Object({
  items: Type.Array(
    Type.Object({
      id: Type.Integer(),
      kind: Type.String(),
      componentId: Nullable(Type.String()),
      name: Type.String(),
      address: Nullable(Type.String()),
      lng: Type.Number(),
      lat: Type.Number(),
      gridCode: Nullable(Type.String()),
      attributes: Type.Unknown(),
    }),
  ),
  nextCursor: Nullable(Type.String()),
});
