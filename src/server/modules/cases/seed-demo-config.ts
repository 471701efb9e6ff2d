// Demo only: the routing rules of the demo city (they name demo departments, so they cannot be bootstrap data).
// 数字城管 部件 and 事件 go to the district 城管局 by area; 12345 domains go to the city bureau; a few categories have
// no rule on purpose (突发事件, 供电/燃气, 其他), so those cases land in the dispatcher queue. Runs in
// seedDemoLinks (after the org seed); idempotent — a database with any routing rule is left alone.
import { SYSTEM_ACTOR } from '../../platform/auth/actor.ts';
import type { DemoSeedContext } from '../../platform/module.ts';
import { listDepartments } from '../org/departments.ts';
import * as repo from './config-repo.ts';

/** Districts of the demo city that have a 城管局 (org seed-demo.ts: CGJ-<district>). */
const DISTRICTS = ['320508', '320505', '320506', '320507', '320509'];

/** 数字城管 大类 routed to the district 城管局 (SJ-04 突发事件 is left to the dispatcher). */
const CITY_MANAGEMENT = [
  'BJ-01',
  'BJ-02',
  'BJ-03',
  'BJ-04',
  'BJ-05',
  'BJ-06',
  'SJ-01',
  'SJ-02',
  'SJ-03',
  'SJ-05',
  'SJ-06',
];

/** 12345 domains (大类 or 小类) → the city bureau, the whole city. */
const BUREAUS: [string, string, string][] = [
  ['RX-01', 'ZJJ', '城乡建设归口住建局'],
  ['RX-01-02', 'CGJ', '城市照明由城管局负责'],
  ['RX-01-05', 'CGJ', '市容市貌由城管局负责'],
  ['RX-02', 'JTJ', ''],
  ['RX-03', 'SCJGJ', ''],
  ['RX-03-01', 'SCJGJ-SP', '食品安全由食品安全协调处承办'],
  ['RX-04', 'STHJJ', ''],
  ['RX-05', 'ZJJ', ''],
  ['RX-05-01', 'ZJJ-WY', '物业服务由物业管理处承办'],
  ['RX-06', 'RSJ', ''],
  ['RX-07', 'JYJ', ''],
  ['RX-08', 'WJW', ''],
  ['RX-09', 'MZJ', ''],
  ['RX-10', 'GAJ', ''],
  ['RX-11-01', 'SWJ', '供水归口水务局'],
  ['RX-11-02', 'SWJ', '供水水质归口水务局'],
];

export async function seedDemoRoutingRules(ctx: DemoSeedContext): Promise<void> {
  await ctx.db.transaction().execute(async (tx) => {
    if ((await repo.listRoutingRules(tx, {})).length > 0) return;
    const departments = new Map((await listDepartments(tx, SYSTEM_ACTOR)).map((d) => [d.code, d.id]));
    const categories = new Map((await repo.listCategories(tx, {})).map((c) => [c.code, c.id]));
    let n = 0;
    for (const code of CITY_MANAGEMENT) {
      const categoryId = categories.get(code);
      for (const area of DISTRICTS) {
        const departmentId = departments.get(`CGJ-${area}`);
        if (categoryId === undefined || departmentId === undefined) continue;
        await repo.insertRoutingRule(tx, {
          category_id: categoryId,
          area_prefix: area,
          department_id: departmentId,
          level: 'district',
          priority: 0,
          note: '数字城管按属地派区城管局',
        });
        n++;
      }
    }
    for (const [code, dept, note] of BUREAUS) {
      const categoryId = categories.get(code);
      const departmentId = departments.get(dept);
      if (categoryId === undefined || departmentId === undefined) continue;
      await repo.insertRoutingRule(tx, {
        category_id: categoryId,
        area_prefix: '',
        department_id: departmentId,
        level: 'city',
        priority: 0,
        note,
      });
      n++;
    }
    ctx.progress.log(`派单规则 demo routing rules: ${n}`);
  });
}
