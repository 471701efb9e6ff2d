// The demo city's data standard: code lists and data elements (数据元). Data only; seed-demo.ts writes it through
// the services, so the demo obeys the same rules as anything the data office registers.
import type { ElementInput } from './elements.ts';

export const DEMO_CODE_LISTS = [
  {
    id: 'GBT2261.1',
    name: '人的性别代码',
    nameEn: 'Codes for sexes of human',
    standard: 'GB/T 2261.1-2003',
    items: [
      { code: '0', labelZh: '未知的性别', labelEn: 'Not known' },
      { code: '1', labelZh: '男性', labelEn: 'Male' },
      { code: '2', labelZh: '女性', labelEn: 'Female' },
      { code: '9', labelZh: '未说明的性别', labelEn: 'Not stated' },
    ],
  },
  {
    id: 'GBT2260',
    name: '中华人民共和国行政区划代码',
    nameEn: 'Administrative division codes of the PRC',
    standard: 'GB/T 2260',
    // Kept by the geo module's gazetteer, with validity periods; the list here only names it.
    source: 'geo.divisions',
    items: [],
  },
];

/** Keyed by the name resources use below; identifiers (DE0001 …) are assigned in this order. */
export const DEMO_ELEMENTS = {
  idCard: {
    nameZh: '公民身份号码',
    nameEn: 'Citizen identity number',
    definition: '按 GB 11643 编制的 18 位公民身份号码，唯一标识一个公民。',
    dataType: 'string',
    format: 'c18',
    valueDomain: { kind: 'validator', validator: 'id_card' },
    status: 'standard',
  },
  personName: {
    nameZh: '姓名',
    nameEn: 'Name',
    definition: '在户籍管理部门正式登记注册、人事档案中正式记载的姓氏名称。',
    dataType: 'string',
    format: 'c..50',
    status: 'standard',
  },
  gender: {
    nameZh: '性别代码',
    nameEn: 'Sex code',
    definition: '人的性别，按 GB/T 2261.1 编码。',
    dataType: 'code',
    format: 'n1',
    valueDomain: { kind: 'code_list', codeListId: 'GBT2261.1' },
    status: 'standard',
  },
  creditCode: {
    nameZh: '统一社会信用代码',
    nameEn: 'Unified social credit code',
    definition: '按 GB 32100 为法人和其他组织赋予的 18 位身份识别代码。',
    dataType: 'string',
    format: 'c18',
    valueDomain: { kind: 'validator', validator: 'credit_code' },
    status: 'standard',
  },
  mobile: {
    nameZh: '手机号码',
    nameEn: 'Mobile phone number',
    definition: '中国大陆 11 位移动电话号码。',
    dataType: 'string',
    format: 'n11',
    valueDomain: { kind: 'validator', validator: 'mobile' },
    status: 'standard',
  },
  division: {
    nameZh: '行政区划代码',
    nameEn: 'Administrative division code',
    definition: '按 GB/T 2260、GB/T 10114 编制的县级（6 位）、乡级（9 位）或村级（12 位）区划代码。',
    dataType: 'string',
    format: 'n6..12',
    valueDomain: { kind: 'validator', validator: 'division_code' },
    status: 'standard',
  },
  grid: {
    nameZh: '网格编码',
    nameEn: 'Grid code',
    definition: '单元网格代码：社区代码 12 位加网格顺序码 2 至 3 位。',
    dataType: 'string',
    format: 'n14..15',
    valueDomain: { kind: 'pattern', pattern: '\\d{14,15}' },
    status: 'standard',
  },
  birthDate: {
    nameZh: '出生日期',
    nameEn: 'Date of birth',
    definition: '公民出生当日的公历日期。',
    dataType: 'date',
    format: 'YYYY-MM-DD',
    valueDomain: { kind: 'validator', validator: 'date' },
    status: 'standard',
  },
  entityName: {
    nameZh: '法人名称',
    nameEn: 'Legal entity name',
    definition: '法人或其他组织经登记机关核准的名称。',
    dataType: 'string',
    format: 'c..200',
    status: 'standard',
  },
  regDate: {
    nameZh: '登记日期',
    nameEn: 'Registration date',
    definition: '事项经主管机关登记、核准或发生的公历日期。',
    dataType: 'date',
    format: 'YYYY-MM-DD',
    status: 'standard',
  },
  address: {
    nameZh: '地址',
    nameEn: 'Address',
    definition: '所在地的详细地址。',
    dataType: 'string',
    format: 'c..100',
    status: 'standard',
  },
  caseNo: {
    nameZh: '案件编号',
    nameEn: 'Case number',
    definition: '案件或工单的唯一编号：受理日期 8 位加当日顺序号 5 位。',
    dataType: 'string',
    format: 'n13',
    valueDomain: { kind: 'pattern', pattern: '\\d{13}' },
    status: 'standard',
  },
  componentId: {
    nameZh: '部件标识码',
    nameEn: 'City component identifier',
    definition: '城市部件 16 位标识码：区划代码 6 位、大类 2 位、小类 2 位、流水号 6 位。',
    dataType: 'string',
    format: 'n16',
    valueDomain: { kind: 'pattern', pattern: '\\d{16}' },
    status: 'standard',
  },
  businessNo: {
    nameZh: '业务编号',
    nameEn: 'Business identifier',
    definition: '证照、许可、监测点等业务对象在本部门内的唯一编号。',
    dataType: 'string',
    format: 'c..64',
    status: 'standard',
  },
  title: {
    nameZh: '名称',
    nameEn: 'Title',
    definition: '项目、设施、站点等对象的名称。',
    dataType: 'string',
    format: 'c..200',
    status: 'draft',
  },
  orgCode: {
    nameZh: '组织机构代码',
    nameEn: 'Organization code',
    definition: '按 GB 11714 编制的 9 位组织机构代码（已由统一社会信用代码取代）。',
    dataType: 'string',
    format: 'c9',
    valueDomain: { kind: 'validator', validator: 'org_code' },
    status: 'retired',
  },
} satisfies Record<string, ElementInput>;
export type DemoElementKey = keyof typeof DEMO_ELEMENTS;

/** The 地址 element is revised after the resources are registered: they stay on version 1, for review. */
export const DEMO_ELEMENT_REVISION: { key: DemoElementKey; change: Partial<ElementInput> } = {
  key: 'address',
  change: { definition: '所在地的详细地址，自省级至门牌号（含楼栋、单元、室）。', format: 'c..300' },
};
