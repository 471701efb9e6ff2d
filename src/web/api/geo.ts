// The geo module's API (一张网): divisions, grids, look-up, search, GeoJSON import and grid worker assignments.
import { ApiError, api } from './client';
import type { Division } from './types';

export type Position = [number, number];
export type GeoGeometry =
  | { type: 'Polygon'; coordinates: Position[][] }
  | { type: 'MultiPolygon'; coordinates: Position[][][] }
  | { type: 'Point'; coordinates: Position }
  | { type: string; coordinates: unknown };

export interface GeoFeature<P = Record<string, unknown>> {
  type: 'Feature';
  geometry: GeoGeometry | null;
  properties: P;
}

export interface GeoFeatureCollection<P = Record<string, unknown>> {
  type: 'FeatureCollection';
  features: GeoFeature<P>[];
}

export type GridType = 'urban' | 'rural' | 'special';
export const GRID_TYPES: GridType[] = ['urban', 'rural', 'special'];

export type WorkerRole = 'primary' | 'backup' | 'chief';
export const WORKER_ROLES: WorkerRole[] = ['primary', 'backup', 'chief'];

export type Crs = 'wgs84' | 'gcj02' | 'bd09';
export const CRS_LIST: Crs[] = ['wgs84', 'gcj02', 'bd09'];

export interface GridProperties {
  code: string;
  name: string;
  type: GridType;
  status: string;
  areaM2: number;
  communityCode: string;
  communityName: string;
  streetCode: string;
  districtCode: string;
  version: number;
  workerCount: number;
}

export interface GridWorker {
  assignmentId: number;
  userId: number;
  displayName: string;
  role: WorkerRole;
  validFrom: string;
  validTo: string | null;
  /** In force today by the city's calendar (the server's answer; the browser's clock may be in another zone). */
  current?: boolean;
  createdBy?: string;
}

/** The assignment list names its key `id`, the grid detail `assignmentId`: accept either. */
function toWorker(item: GridWorker & { id?: number }): GridWorker {
  return { ...item, assignmentId: item.assignmentId ?? item.id! };
}

export interface GridDetail {
  code: string;
  name: string;
  type: GridType;
  status: string;
  areaM2: number;
  version: number;
  communityCode: string;
  communityName: string;
  streetCode: string;
  streetName: string;
  districtCode: string;
  districtName: string;
  geometry: GeoGeometry;
  workers: GridWorker[];
  placesCount: number;
  /** What the signed-in user may do to this grid (e.g. geo.grid.assign inside their area). */
  allowedActions?: string[];
}

export interface GridFilter {
  bbox?: string;
  district?: string;
  street?: string;
  community?: string;
  version?: number;
}

interface Named {
  code: string;
  name: string;
}

export type LocateResult =
  | {
      inside: true;
      grid: Named & { type: GridType };
      community: Named;
      street: Named;
      district: Named;
      workers: { userId: number; displayName: string; role: WorkerRole }[];
    }
  | { inside: false; reason: string };

export type SearchKind = 'division' | 'grid' | 'address';
export interface SearchHit {
  kind: SearchKind;
  code: string;
  name: string;
  lng?: number;
  lat?: number;
  score: number;
}

export interface ImportProblem {
  severity?: 'error' | 'warning';
  kind: string;
  message: string;
  /** The position in the uploaded `features` array, when the finding is about one feature. */
  featureIndex?: number;
  /** All the features concerned, when there are several (duplicate codes). */
  features?: number[];
  code?: string | null;
  codes?: string[];
  /** Where the problem is, when it is a point (e.g. a self-intersection). */
  at?: Position;
  areaM2?: number;
  geometry?: GeoGeometry | null;
}

export interface ImportOverlap {
  a: string;
  b: string;
  areaM2: number;
  geometry?: GeoGeometry | null;
}

export interface ImportGap {
  communityCode: string;
  areaM2: number;
  geometry?: GeoGeometry | null;
}

/** The server may list a diff entry as its code or as an object carrying one. */
export type DiffEntry = string | { code: string; name?: string; [key: string]: unknown };

export interface ImportReport {
  ok: boolean;
  featureCount: number;
  /** Every error, overlaps and gaps included; when absent, the lengths of the three lists. */
  errorCount?: number;
  warningCount?: number;
  problems: ImportProblem[];
  overlaps: ImportOverlap[];
  gaps: ImportGap[];
  diff: { added: DiffEntry[]; changed: DiffEntry[]; removed: DiffEntry[] };
  version?: number;
}

export type DivisionLevel = 'city' | 'district' | 'street' | 'community';

export interface DivisionImportProblem {
  /** Row as a spreadsheet counts it (header = 1); null for findings about the tree as a whole. */
  row: number | null;
  column: 'code' | 'name' | 'parent_code' | null;
  /** e.g. "A7" */
  cell: string | null;
  kind: string;
  code?: string;
  message: string;
}

export interface DivisionImportResult {
  ok: boolean;
  dryRun: boolean;
  applied: boolean;
  format: 'csv' | 'xlsx';
  rowCount: number;
  validFrom: string;
  errorCount: number;
  problems: DivisionImportProblem[];
  ignoredColumns: string[];
  diff: {
    added: { code: string; name: string; parentCode: string | null; level: DivisionLevel }[];
    renamed: { code: string; from: string; to: string }[];
    retired: { code: string; name: string; level: DivisionLevel }[];
    reparented: { code: string; name: string; from: string | null; to: string | null }[];
    unchanged: number;
  };
  counts: { added: number; renamed: number; retired: number; reparented: number; unchanged: number };
}

export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** POST /geo/division-imports with the file itself as the body (text/csv or xlsx). */
function postDivisionList(file: File, validFrom: string, dryRun: boolean): Promise<DivisionImportResult> {
  const xlsx = /\.xlsx$/i.test(file.name) || file.type === XLSX_MIME;
  return api.postFile<DivisionImportResult>('/geo/division-imports', file, xlsx ? XLSX_MIME : 'text/csv', {
    dryRun,
    validFrom,
  });
}

export interface AssignmentCreate {
  userId: number;
  role: WorkerRole;
  validFrom: string;
  validTo?: string;
}

export interface GeoConfig {
  tileUrl?: string | null;
  tileAttribution?: string | null;
}

export const geoApi = {
  divisions: (parent?: string) => api.get<{ items: Division[] }>('/geo/divisions', { parent }),
  /** The division's outline, or null when none is known (404). */
  boundary: async (code: string): Promise<GeoFeature | null> => {
    try {
      return await api.get<GeoFeature>(`/geo/divisions/${encodeURIComponent(code)}/boundary`);
    } catch (error) {
      if (error instanceof ApiError && error.status === 404) return null;
      throw error;
    }
  },
  /** Map configuration; a server without it (404) means: no tile layer, draw on a plain background. */
  config: async (): Promise<GeoConfig> => {
    try {
      return (await api.get<GeoConfig>('/geo/config')) ?? {};
    } catch (error) {
      if (error instanceof ApiError && error.status === 404) return {};
      throw error;
    }
  },

  grids: (filter: GridFilter) =>
    api.get<GeoFeatureCollection<GridProperties>>('/geo/grids', { ...filter } as Record<string, string | number>),
  grid: (code: string) => api.get<GridDetail>(`/geo/grids/${encodeURIComponent(code)}`),

  locate: (lat: number, lng: number, crs: Crs = 'wgs84') =>
    api.get<LocateResult>('/geo/locate', { lat: lat.toFixed(7), lng: lng.toFixed(7), crs }),
  search: (q: string) => api.get<{ items: SearchHit[] }>('/geo/search', { q }),

  importGrids: (collection: unknown, crs: Crs, dryRun: boolean) =>
    api.post<ImportReport>('/geo/grid-imports', collection, { query: { dryRun, crs } }),
  importDivisions: postDivisionList,

  assignments: async (code: string): Promise<{ items: GridWorker[] }> => {
    const { items } = await api.get<{ items: (GridWorker & { id?: number })[] }>(
      `/geo/grids/${encodeURIComponent(code)}/assignments`,
    );
    return { items: items.map(toWorker) };
  },
  assign: (code: string, input: AssignmentCreate) =>
    api.post<GridWorker>(`/geo/grids/${encodeURIComponent(code)}/assignments`, input),
  endAssignment: (id: number, validTo: string) => api.post<GridWorker>(`/geo/assignments/${id}/end`, { validTo }),
};
