// Synthetic demo datasets (数据中心) for a few published 库表 resources: a few hundred rows each from a seeded
// PRNG (the same rows on every fresh database), with planted bad rows — an ID number with a wrong check digit, a
// division code that cannot exist, a duplicate key, a bad code-list value — so the quality report has something
// to show. Data only; seed-demo-datasets.ts loads them through the load service. All people, companies and
// numbers are invented (SYNTHETIC); the division codes follow the real 苏州 pattern.
import { creditCodeCheckChar } from '../../platform/identifiers/credit-code.ts';
import { idCardCheckChar } from '../../platform/identifiers/id-card.ts';
import { seededRandom } from '../../platform/seeded-random.ts';

type Rand = () => number;
const pick = <T>(r: Rand, list: readonly T[]): T => list[Math.floor(r() * list.length)];
const int = (r: Rand, lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));
const pad = (n: number, w: number) => String(n).padStart(w, '0');

const SURNAMES =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁沈任姚卢傅钟姜崔谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤';
const GIVEN =
  '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红建文辉力成晨浩宇欣怡子涵雨轩梓博文杰嘉琪思远一诺';
/** 苏州 urban districts and a few of their streets (9-digit) — real code pattern, used for synthetic rows. */
const DISTRICTS = [
  ['320505', '虎丘区', ['320505001', '320505002', '320505004']],
  ['320506', '吴中区', ['320506001', '320506003', '320506100']],
  ['320507', '相城区', ['320507002', '320507100', '320507101']],
  ['320508', '姑苏区', ['320508014', '320508015', '320508021', '320508024']],
  ['320509', '吴江区', ['320509001', '320509100', '320509102']],
] as const;
const ROADS = [
  '人民路',
  '干将路',
  '十全街',
  '凤凰街',
  '观前街',
  '石路',
  '金鸡湖大道',
  '东环路',
  '南门路',
  '竹辉路',
  '三香路',
  '苏州大道',
];
const TRADES = ['科技', '信息', '贸易', '餐饮', '建设', '物流', '医药', '文化', '环保', '电子', '食品', '物业'];
const FORMS = ['有限公司', '有限责任公司', '股份有限公司', '商行', '服务中心'];
const BRAND = '恒瑞星华泰鼎盛新源博嘉远宏达锦程云创金汇悦和美安信德'.split('');

function date(r: Rand, fromYear: number, toYear: number): string {
  return `${int(r, fromYear, toYear)}-${pad(int(r, 1, 12), 2)}-${pad(int(r, 1, 28), 2)}`;
}
function name(r: Rand): string {
  return pick(r, SURNAMES.split('')) + pick(r, GIVEN.split('')) + (r() < 0.6 ? pick(r, GIVEN.split('')) : '');
}
function place(r: Rand): { district: string; street: string; address: string } {
  const [district, districtName, streets] = pick(r, DISTRICTS);
  return {
    district,
    street: pick(r, streets),
    address: `苏州市${districtName}${pick(r, ROADS)}${int(r, 1, 400)}号${r() < 0.5 ? `${int(r, 1, 30)}幢${int(r, 101, 2402)}室` : ''}`,
  };
}
function idNumber(r: Rand, district: string, birth: string, male: boolean): string {
  const seq = int(r, 0, 499) * 2 + (male ? 1 : 0);
  const body = `${district}${birth.replaceAll('-', '')}${pad(seq, 3)}`;
  return body + idCardCheckChar(body);
}
function creditCode(r: Rand, district: string): string {
  const charset = '0123456789ABCDEFGHJKLMNPQRTUWXY';
  let org = '';
  for (let i = 0; i < 9; i++) org += i < 8 ? charset[int(r, 0, 9)] : charset[int(r, 0, 30)];
  const body = `91${district}${org}`;
  return body + creditCodeCheckChar(body);
}
/** Changes the last character so the check digit is wrong (still well-formed). */
function breakCheck(code: string, charset = '0123456789X'): string {
  const last = code[code.length - 1];
  const i = charset.indexOf(last);
  return code.slice(0, -1) + charset[(i + 1) % charset.length];
}

export interface DemoDataset {
  /** The resource's name in demo-resources.ts. */
  resource: string;
  /** Loads in order: header + rows each; `mode` of the load. */
  loads: { rows: string[][]; mode: 'accept_valid' | 'all_or_nothing'; replace?: boolean }[];
  header: string[];
}

function population(r: Rand): DemoDataset {
  const header = ['公民身份号码', '姓名', '性别', '出生日期', '户籍地址', '户籍地行政区划代码'];
  const rows: string[][] = [];
  for (let i = 0; i < 300; i++) {
    const p = place(r);
    const male = r() < 0.5;
    const birth = date(r, 1940, 2012);
    rows.push([idNumber(r, p.district, birth, male), name(r), male ? '1' : '2', birth, p.address, p.street]);
  }
  // Planted: wrong check digit, impossible division, duplicate key, unknown gender code, missing name.
  rows[17][0] = breakCheck(rows[17][0]);
  rows[58][5] = '999908';
  rows[121] = [...rows[120]];
  rows[121][1] = name(r);
  rows[203][2] = '3';
  rows[250][1] = '';
  // v2: a week of changes — new addresses for some, a few newborns.
  const changed = rows
    .slice(0, 40)
    .filter((_, i) => i % 4 === 0)
    .map((row) => {
      const p = place(r);
      return [row[0], row[1], row[2], row[3], p.address, p.street];
    });
  for (let i = 0; i < 6; i++) {
    const p = place(r);
    const male = r() < 0.5;
    const birth = date(r, 2024, 2025);
    changed.push([idNumber(r, p.district, birth, male), name(r), male ? '1' : '2', birth, p.address, p.street]);
  }
  // v3 (refused, all or nothing): a partner system's export with a broken ID number.
  const refused = changed.slice(0, 5).map((row) => [...row]);
  refused[2][0] = breakCheck(refused[2][0]);
  return {
    resource: '人口基础信息',
    header,
    loads: [
      { rows, mode: 'accept_valid' },
      { rows: changed, mode: 'accept_valid' },
      { rows: refused, mode: 'all_or_nothing' },
    ],
  };
}

function legalEntities(r: Rand): DemoDataset {
  const header = ['统一社会信用代码', '法人名称', '成立日期', '住所', '住所行政区划代码'];
  const rows: string[][] = [];
  for (let i = 0; i < 200; i++) {
    const p = place(r);
    const entity = `苏州${pick(r, BRAND)}${pick(r, BRAND)}${pick(r, TRADES)}${pick(r, FORMS)}`;
    rows.push([creditCode(r, p.district), entity, date(r, 1995, 2025), p.address, p.street]);
  }
  rows[33][0] = breakCheck(rows[33][0], '0123456789ABCDEFGHJKLMNPQRTUWXY');
  rows[99][4] = '3205089';
  rows[150] = [...rows[149]];
  const renamed = rows
    .slice(0, 30)
    .filter((_, i) => i % 3 === 0)
    .map((row) => [...row.slice(0, 3), place(r).address, row[4]]);
  return {
    resource: '法人基础信息',
    header,
    loads: [
      { rows, mode: 'accept_valid' },
      { rows: renamed, mode: 'accept_valid' },
    ],
  };
}

function components(r: Rand): DemoDataset {
  const header = ['部件标识码', '所在行政区划代码', '所在网格编码', '位置描述'];
  const kinds = ['0101', '0102', '0103', '0105', '0201', '0203', '0301'];
  const rows: string[][] = [];
  for (let i = 0; i < 300; i++) {
    const p = place(r);
    const community = `${p.street}${pad(int(r, 1, 30), 3)}`;
    rows.push([
      `${p.district}${pick(r, kinds)}${pad(i + 1, 6)}`,
      community,
      `${community}${pad(int(r, 1, 12), 2)}`,
      `${p.address.replace(/\d+幢\d+室$/, '')}${pick(r, ['东侧', '西侧', '路口', '人行道'])}`,
    ]);
  }
  rows[44][0] = rows[44][0].slice(0, 15);
  rows[187][2] = '3205080210';
  rows[260] = [...rows[259]];
  return { resource: '城市部件信息', header, loads: [{ rows, mode: 'accept_valid' }] };
}

function cityCases(r: Rand): DemoDataset {
  const header = ['案件编号', '发生地行政区划代码', '所在网格编码', '发生地址', '立案日期'];
  const rows: string[][] = [];
  for (let i = 0; i < 200; i++) {
    const p = place(r);
    const community = `${p.street}${pad(int(r, 1, 30), 3)}`;
    rows.push([
      `2025${pad(i + 1, 9)}`,
      p.street,
      `${community}${pad(int(r, 1, 12), 2)}`,
      p.address,
      date(r, 2025, 2025),
    ]);
  }
  rows[12][1] = '999999';
  rows[140] = [...rows[139]];
  return { resource: '数字城管案件信息', header, loads: [{ rows, mode: 'accept_valid' }] };
}

function hotline(r: Rand): DemoDataset {
  const header = ['工单编号', '来电号码', '诉求地址', '受理日期', '诉求地行政区划代码'];
  const rows: string[][] = [];
  for (let i = 0; i < 200; i++) {
    const p = place(r);
    const mobile = `1${pick(r, ['38', '39', '50', '58', '77', '86', '89'])}${pad(int(r, 0, 99_999_999), 8)}`;
    rows.push([`1234${pad(i + 1, 9)}`, mobile, p.address, date(r, 2025, 2025), p.street]);
  }
  rows[77][1] = '0512-6522';
  rows[160] = [...rows[159]];
  return { resource: '12345热线工单信息', header, loads: [{ rows, mode: 'accept_valid' }] };
}

function addresses(r: Rand): DemoDataset {
  const header = ['标准地址', '所属行政区划代码', '所属网格编码'];
  const seen = new Set<string>();
  const rows: string[][] = [];
  while (rows.length < 250) {
    const p = place(r);
    if (seen.has(p.address)) continue;
    seen.add(p.address);
    const community = `${p.street}${pad(int(r, 1, 30), 3)}`;
    rows.push([p.address, community, `${community}${pad(int(r, 1, 12), 2)}`]);
  }
  rows[90][1] = '32050';
  return { resource: '标准地址信息', header, loads: [{ rows, mode: 'accept_valid' }] };
}

/** Every demo dataset, generated from one seed. */
export function demoDatasets(seed = 20260101): DemoDataset[] {
  const r = seededRandom(seed);
  return [population(r), legalEntities(r), components(r), cityCases(r), hotline(r), addresses(r)];
}
