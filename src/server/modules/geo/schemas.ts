import { Type } from 'typebox';

/** A GB/T 2260 / GB/T 10114 division code: 6 (county and above), 9 (street/town) or 12 (community/village). */
export const DivisionCode = Type.String({ pattern: '^(\\d{6}|\\d{9}|\\d{12})$', description: '行政区划代码' });

export const Division = Type.Object(
  {
    code: Type.String({ description: '行政区划代码 (6/9/12 digits)' }),
    name: Type.String(),
    level: Type.Union([
      Type.Literal('city'),
      Type.Literal('district'),
      Type.Literal('street'),
      Type.Literal('community'),
    ]),
    parentCode: Type.Union([Type.String(), Type.Null()]),
  },
  { additionalProperties: false },
);

export const ListDivisionsQuery = Type.Object(
  {
    parent: Type.Optional(Type.String({ pattern: '^\\d{6,12}$', description: 'parent code; omit for the city' })),
    includeRetired: Type.Optional(Type.Boolean({ description: 'also list retired codes (default false)' })),
  },
  { additionalProperties: false },
);

export const DivisionParams = Type.Object({ code: DivisionCode }, { additionalProperties: false });

export const DivisionList = Type.Object({ items: Type.Array(Division) }, { additionalProperties: false });
