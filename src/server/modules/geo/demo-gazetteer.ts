// Demo addresses and places in 姑苏区. The street names are real streets of the old city and run roughly where
// the real ones do, but the house-number points are SYNTHETIC (evenly spaced along a straight line), like the
// demo grid boundaries they are located in. Deterministic: no randomness.
import type { GridIndex } from '../../platform/geo/spatial-index.ts';
import type { NewAddress, NewPlace } from './gazetteer-repo.ts';

interface DemoStreet {
  name: string;
  from: [number, number];
  to: [number, number];
  numbers: number;
}

// [lng, lat] ends inside the demo 姑苏区 box (120.58–120.66 E, 31.28–31.34 N).
const STREETS: DemoStreet[] = [
  { name: '人民路', from: [120.6205, 31.3365], to: [120.6195, 31.2835], numbers: 40 },
  { name: '干将路', from: [120.5865, 31.3065], to: [120.6545, 31.306], numbers: 30 },
  { name: '十全街', from: [120.6215, 31.2945], to: [120.6415, 31.295], numbers: 20 },
  { name: '观前街', from: [120.6195, 31.311], to: [120.6325, 31.3112], numbers: 16 },
  { name: '平江路', from: [120.631, 31.305], to: [120.632, 31.3225], numbers: 20 },
  { name: '临顿路', from: [120.627, 31.303], to: [120.6275, 31.325], numbers: 20 },
  { name: '凤凰街', from: [120.628, 31.29], to: [120.6285, 31.304], numbers: 16 },
  { name: '景德路', from: [120.6, 31.31], to: [120.619, 31.3098], numbers: 16 },
  { name: '道前街', from: [120.603, 31.3025], to: [120.619, 31.3022], numbers: 14 },
  { name: '十梓街', from: [120.6215, 31.2985], to: [120.648, 31.299], numbers: 18 },
  { name: '东中市', from: [120.604, 31.314], to: [120.615, 31.3142], numbers: 12 },
  { name: '西中市', from: [120.596, 31.3145], to: [120.604, 31.3146], numbers: 10 },
  { name: '养育巷', from: [120.613, 31.299], to: [120.6135, 31.312], numbers: 14 },
  { name: '齐门路', from: [120.624, 31.315], to: [120.6245, 31.332], numbers: 16 },
  { name: '南门路', from: [120.599, 31.288], to: [120.63, 31.2885], numbers: 16 },
  { name: '山塘街', from: [120.586, 31.325], to: [120.604, 31.317], numbers: 20 },
  { name: '金门路', from: [120.585, 31.3095], to: [120.599, 31.309], numbers: 12 },
  { name: '广济路', from: [120.6035, 31.295], to: [120.603, 31.33], numbers: 18 },
];

const DISTRICT = { code: '320508', name: '姑苏区' };
/** About 8 m either side of the centre line: odd numbers on one side, even on the other (as on real streets). */
const SIDE_OFFSET_DEG = 0.00008;

function housePoint(s: DemoStreet, n: number): [number, number] {
  const t = (n - 0.5) / s.numbers;
  const dx = s.to[0] - s.from[0];
  const dy = s.to[1] - s.from[1];
  const len = Math.hypot(dx, dy);
  const side = n % 2 === 1 ? 1 : -1;
  const lng = s.from[0] + dx * t + (-dy / len) * SIDE_OFFSET_DEG * side;
  const lat = s.from[1] + dy * t + (dx / len) * SIDE_OFFSET_DEG * side;
  return [Math.round(lng * 1e7) / 1e7, Math.round(lat * 1e7) / 1e7];
}

/** "姑苏区人民路12号" etc.: a few hundred addresses, each located into its demo grid. */
export function demoAddresses(index: GridIndex<string>): NewAddress[] {
  const out: NewAddress[] = [];
  for (const s of STREETS) {
    for (let n = 1; n <= s.numbers; n++) {
      const [lng, lat] = housePoint(s, n);
      out.push({
        text: `${DISTRICT.name}${s.name}${n}号`,
        districtCode: DISTRICT.code,
        lng,
        lat,
        gridCode: index.locateLngLat(lng, lat),
      });
    }
  }
  return out;
}

/**
 * Places along the demo streets: 上水井盖 components (部件 0101, ids 320508 01 01 nnnnnn as in DOMAIN.md §1) at
 * every third house, a shop at every fifth, a public toilet at the start of each street.
 */
export function demoPlaces(index: GridIndex<string>): NewPlace[] {
  const out: NewPlace[] = [];
  let serial = 0;
  const at = (s: DemoStreet, n: number) => {
    const [lng, lat] = housePoint(s, n);
    return { lng, lat, gridCode: index.locateLngLat(lng, lat), address: `${DISTRICT.name}${s.name}${n}号` };
  };
  for (const s of STREETS) {
    out.push({
      kind: 'facility',
      componentId: null,
      name: `${s.name}公共厕所`,
      ...at(s, 1),
      attributes: { category: '公厕' },
      createdBy: 'system',
    });
    for (let n = 3; n <= s.numbers; n += 3) {
      serial++;
      out.push({
        kind: 'component',
        componentId: `${DISTRICT.code}0101${String(serial).padStart(6, '0')}`,
        name: '上水井盖',
        ...at(s, n),
        attributes: { bigCategory: '01 公用设施', smallCategory: '01 上水井盖' },
        createdBy: 'system',
      });
    }
    for (let n = 5; n <= s.numbers; n += 5) {
      out.push({
        kind: 'shop',
        componentId: null,
        name: `${s.name}${n}号便利店`,
        ...at(s, n),
        attributes: {},
        createdBy: 'system',
      });
    }
  }
  return out;
}
