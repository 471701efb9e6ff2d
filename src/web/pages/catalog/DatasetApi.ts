// The data centre's API (数据中心) as the dataset tab reads it: quality history, rows as of a version, loads
// (raw CSV / XLSX / JSON bodies) and rollback. Shapes follow src/server/modules/catalog/dataset-routes.ts.
import { authApi } from '../../api/auth';
import { ApiError, api, apiUrl } from '../../api/client';

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
    const { csrfToken } = await authApi.me();
    let response: Response;
    try {
      response = await fetch(apiUrl(`${base(code)}/loads`, { mode, format, replace }), {
        method: 'POST',
        credentials: 'same-origin',
        headers: {
          Accept: 'application/json',
          'Accept-Language': locale,
          'Content-Type': CONTENT_TYPES[format],
          'X-CSRF-Token': csrfToken,
        },
        body: file,
      });
    } catch {
      throw new ApiError(
        0,
        'NETWORK_ERROR',
        locale === 'en' ? 'Cannot reach the server.' : '无法连接服务器，请检查网络后重试。',
      );
    }
    const data = (await response.json().catch(() => null)) as
      | (LoadReport & { error?: { code?: string; message?: string; details?: Record<string, unknown> } })
      | null;
    if (response.ok && data) return { applied: true, report: data };
    const error = data?.error;
    const report = error?.details?.report as LoadReport | undefined;
    if (error?.code === 'DATASET_LOAD_INVALID' && report) return { applied: false, report };
    throw new ApiError(
      response.status,
      error?.code ?? `HTTP_${response.status}`,
      error?.message ?? `${response.status} ${response.statusText}`,
      error?.details ?? {},
    );
  },
};
