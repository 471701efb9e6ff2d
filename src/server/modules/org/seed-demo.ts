// The demo city's departments and one account per role (demo mode only). Deterministic: the same list,
// the same codes, the same order every time. The demo password is public — it is in the README.
import { SYSTEM_ACTOR } from '../../platform/auth/actor.ts';
import { hashPassword } from '../../platform/auth/password.ts';
import type { Role } from '../../platform/auth/roles.ts';
import { recordAudit } from '../../platform/audit/record.ts';
import type { DemoSeedContext } from '../../platform/module.ts';
import { ROOT_DEPARTMENT_CODE } from './bootstrap.ts';
import * as repo from './repo.ts';

export const DEMO_PASSWORD = 'OneCity@Demo2026';

type DeptSeed = {
  code: string;
  name: string;
  en: string;
  kind: repo.DepartmentRow['kind'];
  area?: string;
  children?: DeptSeed[];
};

const DISTRICTS: [string, string, string][] = [
  ['320508', '姑苏区', 'Gusu'],
  ['320505', '虎丘区', 'Huqiu'],
  ['320506', '吴中区', 'Wuzhong'],
  ['320507', '相城区', 'Xiangcheng'],
  ['320509', '吴江区', 'Wujiang'],
];

/** The departments a Chinese prefecture-level city has; the ones the demo cases and data need most. */
export const DEMO_DEPARTMENTS: DeptSeed[] = [
  {
    code: 'C12345',
    name: '12345政务服务便民热线中心',
    en: '12345 Hotline Centre',
    kind: 'centre',
    children: [
      { code: 'C12345-SL', name: '受理科', en: 'Intake Section', kind: 'section' },
      { code: 'C12345-PQ', name: '派遣督办科', en: 'Dispatch & Supervision Section', kind: 'section' },
    ],
  },
  {
    code: 'CGJ',
    name: '市城市管理局',
    en: 'City Management Bureau',
    kind: 'bureau',
    children: [
      { code: 'CGJ-SR', name: '市容环境卫生处', en: 'City Appearance Division', kind: 'section' },
      { code: 'CGJ-ZF', name: '综合行政执法支队', en: 'Law Enforcement Detachment', kind: 'section' },
      ...DISTRICTS.map(([area, name, en]) => ({
        code: `CGJ-${area}`,
        name: `${name}城市管理局`,
        en: `${en} District City Management`,
        kind: 'district' as const,
        area,
      })),
    ],
  },
  {
    code: 'ZJJ',
    name: '市住房和城乡建设局',
    en: 'Housing and Urban-Rural Development Bureau',
    kind: 'bureau',
    children: [{ code: 'ZJJ-WY', name: '物业管理处', en: 'Property Management Division', kind: 'section' }],
  },
  {
    code: 'JTJ',
    name: '市交通运输局',
    en: 'Transport Bureau',
    kind: 'bureau',
    children: [{ code: 'JTJ-GJ', name: '公共交通处', en: 'Public Transport Division', kind: 'section' }],
  },
  { code: 'STHJJ', name: '市生态环境局', en: 'Ecology and Environment Bureau', kind: 'bureau' },
  { code: 'SWJ', name: '市水务局', en: 'Water Affairs Bureau', kind: 'bureau' },
  {
    code: 'SCJGJ',
    name: '市市场监督管理局',
    en: 'Market Regulation Bureau',
    kind: 'bureau',
    children: [
      { code: 'SCJGJ-ZF', name: '执法稽查处', en: 'Enforcement Division', kind: 'section' },
      { code: 'SCJGJ-SP', name: '食品安全协调处', en: 'Food Safety Division', kind: 'section' },
    ],
  },
  { code: 'GAJ', name: '市公安局', en: 'Public Security Bureau', kind: 'bureau' },
  { code: 'MZJ', name: '市民政局', en: 'Civil Affairs Bureau', kind: 'bureau' },
  { code: 'WJW', name: '市卫生健康委员会', en: 'Health Commission', kind: 'bureau' },
  { code: 'JYJ', name: '市教育局', en: 'Education Bureau', kind: 'bureau' },
  { code: 'RSJ', name: '市人力资源和社会保障局', en: 'Human Resources and Social Security Bureau', kind: 'bureau' },
  { code: 'ZRZYJ', name: '市自然资源和规划局', en: 'Natural Resources and Planning Bureau', kind: 'bureau' },
  {
    code: 'DSJJ',
    name: '市大数据管理局（智慧城市办）',
    en: 'Big Data Bureau (Smart City Office)',
    kind: 'bureau',
    children: [
      { code: 'DSJJ-SJ', name: '数据资源处', en: 'Data Resources Division', kind: 'section' },
      { code: 'DSJJ-XM', name: '项目管理处', en: 'IT Project Division', kind: 'section' },
    ],
  },
  ...DISTRICTS.map(([area, name, en]) => ({
    code: `GOV-${area}`,
    name: `${name}人民政府`,
    en: `${en} District Government`,
    kind: 'district' as const,
    area,
  })),
];

type UserSeed = {
  username: string;
  name: string;
  dept: string;
  role: Role;
  deptScope?: string;
  area?: string;
  note: string;
};

export const DEMO_USERS: UserSeed[] = [
  { username: 'sysadmin', name: '王管理', dept: 'DSJJ', role: 'admin', note: '系统管理员（全市）' },
  {
    username: 'agent',
    name: '李受理',
    dept: 'C12345-SL',
    role: 'hotline_agent',
    deptScope: 'C12345',
    note: '12345 受理员',
  },
  {
    username: 'dispatcher',
    name: '张派遣',
    dept: 'C12345-PQ',
    role: 'dispatcher',
    deptScope: 'C12345',
    note: '派遣员/值班长',
  },
  {
    username: 'handler',
    name: '陈处置',
    dept: 'CGJ-320508',
    role: 'handler',
    deptScope: 'CGJ-320508',
    note: '姑苏区城管局处置人员',
  },
  {
    username: 'gridworker',
    name: '刘网格',
    dept: 'GOV-320508',
    role: 'grid_worker',
    area: '320508',
    note: '姑苏区网格员',
  },
  {
    username: 'inspector',
    name: '赵检查',
    dept: 'SCJGJ-ZF',
    role: 'inspector',
    deptScope: 'SCJGJ',
    note: '市场监管执法检查人员',
  },
  { username: 'steward', name: '孙数据', dept: 'DSJJ-SJ', role: 'data_steward', deptScope: 'DSJJ', note: '数据管理员' },
  { username: 'reviewer', name: '周评审', dept: 'DSJJ-XM', role: 'reviewer', note: '项目评审专家' },
  { username: 'leader', name: '吴市长', dept: ROOT_DEPARTMENT_CODE, role: 'leader', note: '市领导（只读驾驶舱）' },
  { username: 'citizen', name: '郑市民', dept: '', role: 'citizen', note: '市民' },
];

function countDepts(list: DeptSeed[]): number {
  return list.reduce((n, d) => n + 1 + countDepts(d.children ?? []), 0);
}

export async function seedDemoOrg(ctx: DemoSeedContext): Promise<void> {
  ctx.progress.start('部门与演示账号 departments & demo users', countDepts(DEMO_DEPARTMENTS) + DEMO_USERS.length);
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  await ctx.db.transaction().execute(async (tx) => {
    const root = await repo.getDepartmentByCode(tx, ROOT_DEPARTMENT_CODE);
    if (!root) throw new Error('root department missing: bootstrap must run before the demo seed');
    const insertTree = async (list: DeptSeed[], parent: repo.DepartmentRow) => {
      for (const [i, d] of list.entries()) {
        let row = await repo.getDepartmentByCode(tx, d.code);
        if (!row) {
          row = await repo.insertDepartment(tx, {
            code: d.code,
            name: d.name,
            name_en: d.en,
            parent,
            kind: d.kind,
            area_code: d.area ?? null,
            sort: i,
          });
          await recordAudit(
            tx,
            SYSTEM_ACTOR,
            'org.department.create',
            { type: 'department', id: row.id },
            { code: d.code, demo: true },
          );
        }
        ctx.progress.tick();
        if (d.children) await insertTree(d.children, row);
      }
    };
    await insertTree(DEMO_DEPARTMENTS, root);

    for (const u of DEMO_USERS) {
      ctx.progress.tick();
      ctx.demoAccounts.push({ username: u.username, password: DEMO_PASSWORD, roles: u.role, note: u.note });
      if (await repo.getUserByUsername(tx, u.username)) continue;
      const dept = u.dept ? await repo.getDepartmentByCode(tx, u.dept) : undefined;
      const scope = u.deptScope ? await repo.getDepartmentByCode(tx, u.deptScope) : undefined;
      const user = await repo.insertUser(tx, {
        username: u.username,
        display_name: u.name,
        password_hash: passwordHash,
        department_id: dept?.id ?? null,
        phone: `1380000${String(1000 + DEMO_USERS.indexOf(u)).padStart(4, '0')}`,
        email: `${u.username}@demo.onecity.local`,
      });
      await repo.replaceGrants(tx, user.id, [
        { role: u.role, department_id: scope?.id ?? null, area_code: u.area ?? null },
      ]);
      await recordAudit(
        tx,
        SYSTEM_ACTOR,
        'org.user.create',
        { type: 'user', id: user.id },
        { username: u.username, demo: true },
      );
    }
  });
  ctx.progress.done();
}
