// How grids are coloured on the map, and the legend that explains it. Pure functions: no Leaflet, no React.
import type { GridProperties, GridType } from '../api/geo';

export type ColourBy = 'type' | 'workers' | 'area';
export const COLOUR_BY: ColourBy[] = ['type', 'workers', 'area'];

export const TYPE_COLOURS: Record<GridType, string> = {
  urban: '#1e5bb8',
  rural: '#389e0d',
  special: '#9254de',
};

/** No worker is the case to notice, so it is the loud colour; more people shade to green. */
export const WORKER_CLASSES = [
  { min: 0, max: 0, colour: '#e8684a' },
  { min: 1, max: 1, colour: '#f6bd16' },
  { min: 2, max: 2, colour: '#5ad8a6' },
  { min: 3, max: Number.POSITIVE_INFINITY, colour: '#1a7f37' },
];

const AREA_RAMP = ['#dbe9f6', '#a6cbe8', '#6aa6d6', '#3478be', '#0d4a94'];

/** Three significant digits: class breaks a person can read that still separate grids of similar size. */
function roundNice(n: number): number {
  if (n <= 0) return 0;
  const p = 10 ** (Math.floor(Math.log10(n)) - 2);
  return Math.round(n / p) * p;
}

/** Quantile breaks of the areas in view (up to four, for five classes); fewer when values repeat. */
export function areaBreaks(areas: number[]): number[] {
  if (areas.length < 2) return [];
  const sorted = [...areas].sort((a, b) => a - b);
  const breaks: number[] = [];
  for (let i = 1; i < AREA_RAMP.length; i++) {
    const b = roundNice(sorted[Math.floor((sorted.length * i) / AREA_RAMP.length)]);
    if (b > 0 && (breaks.length === 0 || b > breaks[breaks.length - 1])) breaks.push(b);
  }
  return breaks;
}

export function areaColour(area: number, breaks: number[]): string {
  let i = 0;
  while (i < breaks.length && area >= breaks[i]) i++;
  // Spread fewer classes over the whole ramp so that light and dark stay apart.
  const step = breaks.length ? (AREA_RAMP.length - 1) / breaks.length : 0;
  return AREA_RAMP[Math.round(i * step)];
}

export function workerColour(count: number): string {
  return (WORKER_CLASSES.find((c) => count >= c.min && count <= c.max) ?? WORKER_CLASSES[0]).colour;
}

export function gridColour(p: GridProperties, by: ColourBy, breaks: number[]): string {
  if (by === 'type') return TYPE_COLOURS[p.type] ?? '#8a94a6';
  if (by === 'workers') return workerColour(p.workerCount ?? 0);
  return areaColour(p.areaM2 ?? 0, breaks);
}

export interface LegendItem {
  colour: string;
  label: string;
}

/** Legend rows for area classes, labelled with the caller's area formatter. */
export function areaLegend(breaks: number[], format: (m2: number) => string): LegendItem[] {
  if (breaks.length === 0) return [{ colour: areaColour(0, breaks), label: '—' }];
  const rows: LegendItem[] = [{ colour: areaColour(0, breaks), label: `< ${format(breaks[0])}` }];
  for (let i = 1; i < breaks.length; i++) {
    rows.push({ colour: areaColour(breaks[i - 1], breaks), label: `${format(breaks[i - 1])} – ${format(breaks[i])}` });
  }
  const last = breaks[breaks.length - 1];
  rows.push({ colour: areaColour(last, breaks), label: `≥ ${format(last)}` });
  return rows;
}

/** m² below a square kilometre, km² above, as Chinese planning documents write them. */
export function formatArea(m2: number | null | undefined): string {
  if (m2 === null || m2 === undefined || !Number.isFinite(m2)) return '—';
  if (m2 < 1_000_000) return `${Math.round(m2).toLocaleString('zh-CN')} m²`;
  return `${(m2 / 1_000_000).toLocaleString('zh-CN', { maximumFractionDigits: 2 })} km²`;
}
