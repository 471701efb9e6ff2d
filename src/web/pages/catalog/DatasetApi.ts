import { ApiError, api } from '../../api/client';

export interface DatasetQuality {
  rows: number;
  cells: number;
  completeness: number;
  validity: number;
  keyUniqueness: number;
  daysSincePrevious: number | null;
  cycleDays: number;
  timeliness: number;
  score: number;
}

export interface DatasetLoad {
  version: number;
  mode: 'all_or_nothing' | 'accept_valid';
  replace: boolean;
  status: 'applied' | 'rolled_back' | 'failed';
  actor: string;
  startedAt: string;
  finishedAt: string | null;
  rowCount: number;
  inserted: number;
  updated: number;
  deleted: number;
  rejected: number;
  quality: DatasetQuality;
  /** The version the rollback of this load took; null unless rolled back. */
  rolledBackAs: number | null;
}

export interface RowError {
  row: number;
  column: string | null;
  value: string | null;
  code: string;
  message: string;
}

export interface LoadReport extends DatasetLoad {
  code: string;
  encoding: string | null;
  errorCount: number;
  errors: RowError[];
  rejectedCsv: string | null;
  /** The rejected rows file was cut at the server's size limit. */
  rejectedCsvTruncated?: boolean;
}

export interface QualityReply {
  code: string;
  updateCycle: string;
  cycleDays: number;
  latestVersion: number | null;
  daysSinceLastLoad: number | null;
  timeliness: number;
  score: number | null;
  history: DatasetLoad[];
}

export interface RowsReply {
  code: string;
  columns: string[];
  keyColumns: string[];
  asOf: number;
  items: { key: string[]; data: Record<string, string> }[];
  nextCursor: string | null;
}

export type LoadMode = 'all_or_nothing' | 'accept_valid';

const CONTENT_TYPES: Record<string, string> = {
  csv: 'text/csv',
  json: 'application/json',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

export function fileFormat(name: string): 'csv' | 'json' | 'xlsx' | null {
  const ext = name.toLowerCase().split('.').pop() ?? '';
  return ext === 'csv' || ext === 'json' || ext === 'xlsx' ? ext : null;
}

const base = (code: string) => `/catalog/resources/${encodeURIComponent(code)}/dataset`;

/** The outcome of an upload: the load applied (possibly with rejected rows), or refused with the same report. */
export type UploadOutcome = { applied: true; report: LoadReport } | { applied: false; report: LoadReport };

export const datasetApi = {
  quality: (code: string) => api.get<QualityReply>(`${base(code)}/quality`),
  rows: (code: string, asOf: number | undefined, cursor: string | null, limit = 50) =>
    api.get<RowsReply>(`${base(code)}/rows`, { asOf, cursor, limit }),
  rollback: (code: string, version: number) => api.post<DatasetLoad>(`${base(code)}/loads/${version}/rollback`),
  /** Sends the file's bytes as they are (the server detects the encoding); a refused all-or-nothing load comes
   * back as `applied: false` with its report, any other refusal as an ApiError. */
  upload: async (
    code: string,
    file: File,
    mode: LoadMode,
    replace: boolean,
    locale: string,
  ): Promise<UploadOutcome> => {
    const format = fileFormat(file.name);
    if (!format)
      throw new ApiError(
        400,
        'DATASET_FORMAT',
        locale === 'en' ? 'Choose a CSV, XLSX or JSON file.' : '请选择 CSV、XLSX 或 JSON 文件。',
      );
    try {
      const report = await api.postFile<LoadReport>(`${base(code)}/loads`, file, CONTENT_TYPES[format], {
        mode,
        format,
        replace,
      });
      return { applied: true, report };
    } catch (error) {
      const report = error instanceof ApiError ? (error.details.report as LoadReport | undefined) : undefined;
      if (error instanceof ApiError && error.code === 'DATASET_LOAD_INVALID' && report) {
        return { applied: false, report };
      }
      throw error;
    }
  },
};
