// The demo city's systems registry (摸清家底) and demand list (需求清单). Data only; seed-demo.ts writes them.
import type { SystemInput } from './systems.ts';

export interface DemoSystem extends Omit<SystemInput, 'ownerDepartmentId' | 'resourceCodes'> {
  owner: string;
  /** Names of demo resources the system holds. */
  holds: string[];
}

const cloud = '市政务云';
const sys = (
  owner: string,
  name: string,
  purpose: string,
  users: string,
  hosting: string,
  network: DemoSystem['network'],
  status: DemoSystem['status'],
  holds: string[] = [],
): DemoSystem => ({ owner, name, purpose, users, hosting, network, status, holds });

export const DEMO_SYSTEMS: DemoSystem[] = [
  sys(
    'DSJJ',
    '政务数据共享交换平台',
    '全市政务数据目录编制、共享交换和调用审计',
    '市级部门、区政府数据管理员',
    cloud,
    'gov_extranet',
    'running',
    ['人口基础信息', '法人基础信息', '政务数据共享调用统计'],
  ),
  sys(
    'DSJJ',
    '城市运行管理服务平台',
    '城市运行监测、事件协同处置和领导驾驶舱（一网统管）',
    '市、区两级指挥中心，市领导',
    cloud,
    'gov_extranet',
    'running',
  ),
  sys('DSJJ', '电子证照库', '电子证照归集、亮证和用证核验', '各级政务服务窗口', cloud, 'gov_extranet', 'running', [
    '电子证照目录信息',
  ]),
  sys(
    'C12345',
    '12345政务服务便民热线系统',
    '诉求受理、派单、督办和回访',
    '热线受理员、派遣员、承办单位',
    cloud,
    'gov_extranet',
    'running',
    ['12345热线工单信息'],
  ),
  sys(
    'CGJ',
    '数字化城市管理信息系统',
    '城市部件事件巡查、立案、派遣、处置、核查、结案',
    '监督员、指挥中心、专业部门',
    cloud,
    'gov_extranet',
    'running',
    ['城市部件信息', '数字城管案件信息'],
  ),
  sys(
    'CGJ-ZF',
    '城管综合执法办案系统',
    '执法案件立案、调查、处罚和执行',
    '执法队员、法制审核人员',
    '部门机房',
    'private',
    'running',
    ['城管执法案件信息'],
  ),
  sys(
    'CGJ-SR',
    '环卫作业监管系统',
    '环卫车辆定位和作业质量监管',
    '环卫处、作业公司',
    '租用公有云',
    'internet',
    'running',
    ['环卫作业车辆信息'],
  ),
  sys(
    'ZJJ',
    '建设工程审批管理系统',
    '施工许可、竣工验收备案等审批',
    '审批窗口、建设单位',
    cloud,
    'gov_extranet',
    'running',
    ['建设工程施工许可信息'],
  ),
  sys(
    'ZJJ-WY',
    '物业管理服务平台',
    '物业企业信用评价和业主投诉处理',
    '物业企业、业主、街道',
    '租用公有云',
    'internet',
    'planned',
    ['物业服务企业信息'],
  ),
  sys(
    'JTJ',
    '公共交通运营监管系统',
    '公交线路、站点和运营数据监管',
    '交通局、公交公司',
    '部门机房',
    'private',
    'running',
    ['公交站点信息'],
  ),
  sys(
    'STHJJ',
    '污染源在线监控系统',
    '重点排污单位排放在线监测和超标预警',
    '生态环境执法人员',
    '部门机房',
    'private',
    'running',
    ['重点排污单位名录'],
  ),
  sys('SWJ', '水环境监测系统', '河湖断面水质自动监测', '水务局、河长办', '部门机房', 'private', 'running', [
    '河湖水质监测数据',
  ]),
  sys(
    'SCJGJ',
    '市场主体登记注册系统',
    '市场主体设立、变更、注销登记',
    '登记窗口、申请人',
    '省局统一部署',
    'private',
    'running',
    ['市场主体登记信息', '企业经营异常名录', '双随机抽查结果信息'],
  ),
  sys('SCJGJ-SP', '食品安全监管系统', '食品经营许可和监督抽检', '食品安全监管人员', cloud, 'gov_extranet', 'running', [
    '食品经营许可证信息',
    '食品安全抽检结果',
  ]),
  sys('GAJ', '人口信息管理系统', '户籍登记和人口管理', '户籍民警', '公安信息网', 'private', 'running', [
    '户籍人口变动信息',
  ]),
  sys(
    'MZJ',
    '社会救助管理系统',
    '低保、特困等救助对象认定和资金发放',
    '民政、街道救助经办人员',
    cloud,
    'gov_extranet',
    'running',
    ['低保救助对象信息', '社会组织登记信息'],
  ),
  sys(
    'MZJ',
    '婚姻登记系统（旧）',
    '婚姻登记（已迁移至全国婚姻登记系统）',
    '婚姻登记员',
    '部门机房',
    'private',
    'retired',
  ),
  sys(
    'WJW',
    '全民健康信息平台',
    '医疗机构、出生医学证明和健康档案管理',
    '卫健委、医疗机构',
    '部门机房',
    'private',
    'running',
    ['医疗机构执业登记信息'],
  ),
  sys('RSJ', '社会保险信息系统', '社会保险登记、缴费和待遇发放', '社保经办人员', '省级集中部署', 'private', 'running', [
    '社会保险参保信息',
  ]),
  sys('ZRZYJ', '不动产登记系统', '不动产登记受理、审核和登簿', '不动产登记窗口', '部门机房', 'private', 'running', [
    '不动产登记信息',
    '标准地址信息',
  ]),
  sys('JYJ', '教育管理信息系统', '学校、学籍和招生入学管理', '教育局、学校', cloud, 'gov_extranet', 'running', [
    '中小学校基本信息',
  ]),
  sys(
    'GOV-320508',
    '姑苏区网格化社会治理平台',
    '网格员巡查上报、网格事件处置和考核',
    '网格员、社区、街道',
    cloud,
    'gov_extranet',
    'running',
    ['姑苏区网格划分信息'],
  ),
];

export interface DemoDemand {
  department: string;
  title: string;
  description: string;
  wantedFields: string[];
  /** matched: the names of the resources that meet it; closed: the note. */
  outcome?: { matched: string[] } | { note: string };
}

export const DEMO_DEMANDS: DemoDemand[] = [
  {
    department: 'CGJ',
    title: '门前三包责任单位的法人登记信息',
    description:
      '落实门前三包责任制，需要沿街商户和单位的法人名称、统一社会信用代码和住所，用于责任告知和执法文书送达。',
    wantedFields: ['统一社会信用代码', '法人名称', '住所'],
  },
  {
    department: 'MZJ',
    title: '低保核查需要的人口户籍信息',
    description: '低保申请家庭成员的身份核验和户籍状态核查。',
    wantedFields: ['公民身份号码', '姓名', '出生日期'],
  },
  {
    department: 'CGJ-320508',
    title: '违建巡查需要的不动产坐落和权属信息',
    description: '违法建设认定时核对不动产登记的坐落和权利状态。',
    wantedFields: ['不动产单元号', '坐落'],
    outcome: { matched: ['不动产登记信息'] },
  },
  {
    department: 'JTJ',
    title: '共享单车停放点位及投放数量',
    description: '规划非机动车停放区，需要各运营企业的停放点位和车辆投放数量。',
    wantedFields: ['停放点位', '投放数量'],
  },
  {
    department: 'JYJ',
    title: '学区划片需要的住宅小区入住户数',
    description: '学区划片测算学位需求，需要各住宅小区的实际入住户数。',
    wantedFields: ['小区名称', '入住户数'],
    outcome: { note: '该数据尚未采集，已纳入2026年数据采集计划。' },
  },
];
