// Categories and routing rules of the intake tests, inserted directly (independent of the default taxonomy), and
// small helpers to file cases.
import { sql } from 'kysely';
import type { Db } from '../../src/server/platform/db/connect.ts';
import type { Session } from '../support/test-app.ts';

/** In 姑苏区 (320508), inside the demo grids. */
export const GUSU = { lat: 31.31, lng: 120.62 };
/** Beijing: outside the demo city. */
export const OUTSIDE = { lat: 39.9, lng: 116.4 };

export interface IntakeFixtures {
  /** 大类 (event). */
  topId: number;
  /** 小类 routed by a 小类 rule for 320508 (→ district 城管局). */
  litterId: number;
  /** 小类 with a required number attribute; routed by the 大类 rule (→ city 城管局). */
  stallId: number;
  /** 部件 小类 (code …-01-01 → component digits 0101), anonymous not allowed. */
  manholeId: number;
  /** 小类 without any rule: dispatcher queue. */
  orphanId: number;
  cityDeptId: number;
  districtDeptId: number;
  subRuleId: number;
  topRuleId: number;
}

let seq = 0;

async function insertCategory(
  db: Db,
  v: {
    code: string;
    parent_id: number | null;
    level: 1 | 2;
    kind: 'component' | 'event' | 'hotline';
    name: string;
    concerns_component?: boolean;
    allow_anonymous?: boolean;
    attributes?: unknown[];
  },
): Promise<number> {
  const r = await db
    .insertInto('case_categories')
    .values({
      code: v.code,
      parent_id: v.parent_id,
      level: v.level,
      kind: v.kind,
      name: v.name,
      concerns_component: v.concerns_component ?? false,
      allow_anonymous: v.allow_anonymous ?? true,
      attributes: JSON.stringify(v.attributes ?? []),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

async function deptId(db: Db, code: string): Promise<number> {
  const r = await sql<{ id: number }>`select id from departments where code = ${code}`.execute(db);
  if (!r.rows[0]) throw new Error(`no department ${code}`);
  return r.rows[0].id;
}

export async function setupIntakeFixtures(db: Db): Promise<IntakeFixtures> {
  const p = `TI${++seq}${Math.floor(Math.random() * 1e6)}`;
  const topId = await insertCategory(db, {
    code: `${p}-01`,
    parent_id: null,
    level: 1,
    kind: 'event',
    name: '测试市容环境',
  });
  const litterId = await insertCategory(db, {
    code: `${p}-01-01`,
    parent_id: topId,
    level: 2,
    kind: 'event',
    name: '测试暴露垃圾',
  });
  const stallId = await insertCategory(db, {
    code: `${p}-01-02`,
    parent_id: topId,
    level: 2,
    kind: 'event',
    name: '测试占道经营',
    attributes: [{ code: 'stall_count', datatype: 'number', required: true, description: '摊位数量', order: 1 }],
  });
  const compTop = await insertCategory(db, {
    code: `${p}B-01`,
    parent_id: null,
    level: 1,
    kind: 'component',
    name: '测试公用设施',
  });
  const manholeId = await insertCategory(db, {
    code: `${p}B-01-01`,
    parent_id: compTop,
    level: 2,
    kind: 'component',
    name: '测试上水井盖',
    concerns_component: true,
    allow_anonymous: false,
  });
  const orphanTop = await insertCategory(db, {
    code: `${p}U-09`,
    parent_id: null,
    level: 1,
    kind: 'hotline',
    name: '测试无规则大类',
  });
  const orphanId = await insertCategory(db, {
    code: `${p}U-09-09`,
    parent_id: orphanTop,
    level: 2,
    kind: 'hotline',
    name: '测试无规则小类',
  });
  const cityDeptId = await deptId(db, 'CGJ');
  const districtDeptId = await deptId(db, 'CGJ-320508');
  const rule = async (categoryId: number, area: string, dept: number, level: 'city' | 'district', note = '') =>
    (
      await db
        .insertInto('case_routing_rules')
        .values({ category_id: categoryId, area_prefix: area, department_id: dept, level, note })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
  const topRuleId = await rule(topId, '', cityDeptId, 'city');
  const subRuleId = await rule(litterId, '320508', districtDeptId, 'district', '姑苏区暴露垃圾');
  await rule(compTop, '', cityDeptId, 'city');
  return { topId, litterId, stallId, manholeId, orphanId, cityDeptId, districtDeptId, subRuleId, topRuleId };
}

/** A tiny JPEG-looking byte string (magic bytes + an APP1 Exif segment + data), as base64. */
export function jpegBase64(extra = 'x'): string {
  const app1 = Buffer.concat([Buffer.from([0xff, 0xe1, 0x00, 0x0e]), Buffer.from('Exif\0\0GPS123')]);
  return Buffer.concat([
    Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x04, 0x00, 0x00]),
    app1,
    Buffer.from([0xff, 0xda, 0x00, 0x02]),
    Buffer.from(`image-data-${extra}`),
    Buffer.from([0xff, 0xd9]),
  ]).toString('base64');
}

export const PNG_BASE64 = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  Buffer.from('rest-of-png'),
]).toString('base64');

export function caseBody(categoryId: number, over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    channel: 'phone',
    nature: 'complaint',
    categoryId,
    description: '人民路口有大量生活垃圾堆放，已经好几天没人清理，气味很大',
    reporter: { name: '王小明', phone: '13912345678' },
    location: { ...GUSU, address: '人民路与干将路交叉口' },
    ...over,
  };
}

export async function fileCase(s: Session, body: Record<string, unknown>, headers: Record<string, string> = {}) {
  return s.request('POST', '/api/v1/cases', body, headers);
}
