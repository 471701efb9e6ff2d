// Cells of dataset files: CSV written back (rejected rows), formula-neutralised, and JSON values as cells. Reading
// uploads (decoding, CSV, XLSX) is in dataset-stream.ts. Pure.

/** A cell as a spreadsheet would show it, neutralised: a leading =, +, -, @ cannot start a formula. */
export function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

export function toCsv(rows: string[][]): string {
  return `${rows.map((r) => r.map(csvCell).join(',')).join('\r\n')}\r\n`;
}

/** A JSON value as a cell: null/undefined → '', anything else its text. */
export function jsonCell(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return JSON.stringify(v);
}
