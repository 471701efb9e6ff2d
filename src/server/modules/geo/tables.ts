import type { ColumnType, Generated } from 'kysely';

/** 市 / 区县 / 街道乡镇 / 社区村: the four levels a city-level deployment holds. */
export type DivisionLevel = 'city' | 'district' | 'street' | 'community';

export interface GeoTables {
  divisions: {
    code: string;
    name: string;
    level: DivisionLevel;
    parent_code: string | null;
    valid_from: ColumnType<Date, string | undefined, string>;
    valid_to: ColumnType<Date | null, string | null | undefined, string | null>;
    /** GeoJSON geometry; written as a JSON string. */
    boundary: ColumnType<unknown | null, string | null | undefined, string | null>;
    sort: Generated<number>;
  };
}
