import type { ColumnType, Generated } from 'kysely';

/** 市 / 区县 / 街道乡镇 / 社区村: the four levels a city-level deployment holds. */
export type DivisionLevel = 'city' | 'district' | 'street' | 'community';

/** 城市网格 / 农村网格 / 专属网格. */
export type GridType = 'urban' | 'rural' | 'special';
export type GridStatus = 'active' | 'retired';
/** 网格员（主）/ 网格员（备）/ 网格长. */
export type AssignmentRole = 'primary' | 'backup' | 'chief';
export type PlaceKind = 'building' | 'shop' | 'facility' | 'component';

/** jsonb written as a JSON string, read back parsed. */
type Json<T> = ColumnType<T, string, string>;
type DateColumn = ColumnType<Date, string, string>;

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
  grid_versions: {
    version: number;
    created_at: Generated<Date>;
    created_by: string;
    note: string | null;
    source: 'demo' | 'import';
    feature_count: number;
  };
  geo_settings: {
    id: Generated<number>;
    current_grid_version: number | null;
    grid_sequence_width: Generated<number>;
    city_bbox: ColumnType<unknown | null, string | null | undefined, string | null>;
  };
  grids: {
    id: Generated<number>;
    code: string;
    version: number;
    name: string;
    community_code: string;
    type: GridType;
    status: Generated<GridStatus>;
    area_m2: number;
    geometry: Json<unknown>;
    min_lng: number;
    min_lat: number;
    max_lng: number;
    max_lat: number;
  };
  grid_assignments: {
    id: Generated<number>;
    grid_code: string;
    user_id: number;
    role: AssignmentRole;
    valid_from: DateColumn;
    valid_to: ColumnType<Date | null, string | null | undefined, string | null>;
    created_at: Generated<Date>;
    created_by: string;
  };
  places: {
    id: Generated<number>;
    kind: PlaceKind;
    component_id: string | null;
    name: string;
    address: string | null;
    lng: number;
    lat: number;
    grid_code: string | null;
    attributes: ColumnType<unknown, string | undefined, string>;
    created_at: Generated<Date>;
    created_by: string;
  };
  addresses: {
    id: Generated<number>;
    text: string;
    district_code: string | null;
    lng: number;
    lat: number;
    grid_code: string | null;
    created_at: Generated<Date>;
  };
}
