// The demo city's sharing (demo mode only): a few access requests between departments, written through the
// exchange's own services — two granted with credentials (and a few logged calls), one waiting for the provider
// (the data office's own 人口基础信息, so the demo `steward` can answer it) and one waiting for the data office's
// check. Runs after every module's demo seed (seedDemoLinks): it needs the catalog's published resources and
// loaded datasets. Deterministic on a fresh database; idempotent (skips when any request exists).
import type { Actor } from '../../platform/auth/actor.ts';
import { SYSTEM_ACTOR } from '../../platform/auth/actor.ts';
import { digestHex } from '../../platform/crypto/digest.ts';
import type { Tx } from '../../platform/db/tx.ts';
import type { DemoSeedContext } from '../../platform/module.ts';
import { searchResources } from '../catalog/resource-search.ts';
import { getResourceForSharing } from '../catalog/sharing-api.ts';
import { listDepartments } from '../org/departments.ts';
import { writeAccessLog } from './access-log.ts';
import { createRequest, issueCredential, officeCheck, providerDecision } from './requests.ts';

interface DemoRequest {
  consumer: string;
  resource: string;
  fields: string[];
  purpose: string;
  legalBasis: string;
  consumerSystem: string;
  periodDays: number;
  /** Where the demo leaves it. */
  outcome: 'granted' | 'pending_provider' | 'pending_office';
  calls?: { userId: string; purpose: string; rows: number }[];
}

const DEMO_REQUESTS: DemoRequest[] = [
  {
    consumer: 'MZJ',
    resource: '人口基础信息',
    fields: ['公民身份号码', '姓名', '户籍地行政区划代码'],
    purpose: '最低生活保障申请的户籍和身份核验',
    legalBasis: '《社会救助暂行办法》第十一条',
    consumerSystem: '社会救助管理信息系统',
    periodDays: 365,
    outcome: 'granted',
    calls: [
      { userId: 'mz-0381', purpose: '低保申请 DB2025-0913', rows: 1 },
      { userId: 'mz-0381', purpose: '低保申请 DB2025-0917', rows: 1 },
      { userId: 'mz-0412', purpose: '年度复核批量比对', rows: 100 },
    ],
  },
  {
    consumer: 'SCJGJ',
    resource: '法人基础信息',
    fields: ['统一社会信用代码', '法人名称', '成立日期', '住所行政区划代码'],
    purpose: '市场主体登记信息比对和双随机抽查名单生成',
    legalBasis: '《市场主体登记管理条例》',
    consumerSystem: '市场监管综合业务系统',
    periodDays: 730,
    outcome: 'granted',
    calls: [{ userId: 'scjg-sync', purpose: '每日增量同步', rows: 67 }],
  },
  {
    consumer: 'DSJJ',
    resource: '数字城管案件信息',
    fields: ['案件编号', '发生地行政区划代码', '所在网格编码', '立案日期'],
    purpose: '城市运行监测驾驶舱：城管案件分布和处置时效分析',
    legalBasis: '《A市公共数据管理办法》第二十条',
    consumerSystem: '城市运行管理服务平台',
    periodDays: 365,
    outcome: 'granted',
  },
  {
    consumer: 'WJW',
    resource: '人口基础信息',
    fields: ['公民身份号码', '姓名', '出生日期'],
    purpose: '出生一件事联办：新生儿户籍和医保参保信息核对',
    legalBasis: '《关于推进“出生一件事”联办的通知》',
    consumerSystem: '妇幼健康信息系统',
    periodDays: 365,
    outcome: 'pending_provider',
  },
  {
    consumer: 'GOV-320508',
    resource: '城市部件信息',
    fields: ['部件标识码', '所在网格编码', '位置描述'],
    purpose: '网格员巡查部件清单和问题上报定位',
    legalBasis: '《数字化城市管理信息系统 第2部分：管理部件和事件》',
    consumerSystem: '姑苏区网格化社会治理平台',
    periodDays: 365,
    outcome: 'pending_office',
  },
];

async function codeOf(tx: Tx, name: string): Promise<string> {
  const page = await searchResources(tx, SYSTEM_ACTOR, { q: name, status: ['published'], limit: 50 }, 'zh-CN');
  const hit = page.items.find((r) => r.name === name);
  if (!hit) throw new Error(`demo resource ${name} missing: the catalog demo seed must run first`);
  return hit.code;
}

/** A system actor acting for a department's data steward (createRequest takes the department from the grant). */
function stewardOf(departmentId: number, departmentPath: string): Actor {
  return {
    ...SYSTEM_ACTOR,
    grants: [
      {
        role: 'data_steward',
        permissions: new Set(['exchange.request', 'exchange.decide', 'exchange.office']),
        departmentId,
        departmentPath,
        areaCode: null,
      },
    ],
  };
}

export async function seedExchangeDemo(ctx: DemoSeedContext): Promise<void> {
  ctx.progress.start('共享交换 sharing', DEMO_REQUESTS.length);
  await ctx.db.transaction().execute(async (tx) => {
    const existing = await tx.selectFrom('exchange_requests').select('id').limit(1).executeTakeFirst();
    if (existing) return;
    const departments = new Map((await listDepartments(tx, SYSTEM_ACTOR)).map((d) => [d.code, d]));
    for (const d of DEMO_REQUESTS) {
      const dept = departments.get(d.consumer);
      if (!dept) throw new Error(`demo department ${d.consumer} missing`);
      const consumer = stewardOf(dept.id, dept.path);
      const resourceCode = await codeOf(tx, d.resource);
      const { consumer: _c, resource: _r, outcome, calls, ...input } = d;
      const req = await createRequest(tx, consumer, { ...input, resourceCode });
      if (outcome === 'pending_office') {
        ctx.progress.tick();
        continue;
      }
      let r = await officeCheck(tx, SYSTEM_ACTOR, String(req.id), {
        approve: true,
        reason: '用途明确，字段符合最小必要原则',
      });
      if (r.status === 'pending_provider' && outcome === 'granted')
        r = await providerDecision(tx, SYSTEM_ACTOR, String(req.id), {
          approve: true,
          reason: '同意，个人信息脱敏提供',
        });
      if (r.grant) {
        const credential = await issueCredential(tx, consumer, String(r.grant.id));
        const resource = await getResourceForSharing(tx, resourceCode);
        for (const [i, call] of (calls ?? []).entries()) {
          await writeAccessLog(tx, {
            consumerSystem: d.consumerSystem,
            consumerPath: dept.path,
            providerPath: resource?.providerPath ?? '',
            credentialId: credential.id,
            grantId: r.grant.id,
            userId: call.userId,
            purpose: call.purpose,
            resourceCode,
            endpoint: i === calls!.length - 1 && call.rows > 50 ? 'changes' : 'data',
            fields: d.fields,
            rowCount: call.rows,
            status: 200,
            requestHash: digestHex(`GET /api/v1/exchange/data/${resourceCode}#demo-${req.id}-${i}`),
            responseHash: digestHex(`demo-${req.id}-${i}`),
          });
        }
      }
      ctx.progress.tick();
    }
  });
  ctx.progress.done();
}
