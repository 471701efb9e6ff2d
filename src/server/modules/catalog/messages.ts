import type { Catalogue } from '../../platform/i18n/messages.ts';
import { datasetMessages } from './dataset-messages.ts';

export const messages: Catalogue = {
  CATALOG_DEPARTMENT_REQUIRED: {
    'zh-CN': '请指定部门（{field}）：您的账号没有可代表的部门',
    en: 'Name the department ({field}): your account does not act for one',
  },
  CATALOG_EXPORT_TOO_LARGE: {
    'zh-CN': '导出行数超过上限 {limit}，请缩小筛选范围',
    en: 'More than {limit} rows to export; narrow the filters',
  },
  RESOURCE_NOT_FOUND: { 'zh-CN': '找不到资源 {code}', en: 'Resource {code} not found' },
  RESOURCE_INVALID_TRANSITION: {
    'zh-CN': '资源当前状态为 {from}，不能执行 {action}（当前可执行：{allowed}）',
    en: 'The resource is {from}; {action} is not possible (possible now: {allowed})',
  },
  RESOURCE_CLASSIFICATION_KIND: {
    'zh-CN': '分类代码与资源类型不符：{kind} 类资源的分类代码应以 {expected} 开头',
    en: 'The classification does not fit the kind: a {kind} resource has a classification starting with {expected}',
  },
  RESOURCE_SHARE_BASIS_REQUIRED: {
    'zh-CN': '不予共享的资源必须填写法律、法规依据（shareBasis）',
    en: 'A resource that is not shared must cite its legal basis (shareBasis)',
  },
  RESOURCE_SHARE_CONDITIONS_REQUIRED: {
    'zh-CN': '有条件共享的资源必须填写共享条件（shareConditions）',
    en: 'A resource shared on conditions must state them (shareConditions)',
  },
  RESOURCE_SHARE_METHOD_REQUIRED: {
    'zh-CN': '共享的资源必须填写共享方式（shareMethod：接口、库表或文件）',
    en: 'A shared resource needs a share method (shareMethod: api, table or file)',
  },
  RESOURCE_OPENNESS_CONFLICT: {
    'zh-CN': '开放属性与其他属性冲突（{field}：{reason}）：不予共享、核心数据或含敏感个人信息的资源不能向社会开放',
    en: 'Openness conflicts with other attributes ({field}: {reason}): data that is not shared, core data or data with sensitive personal information cannot be open',
  },
  RESOURCE_ITEM_ELEMENT_UNKNOWN: {
    'zh-CN': '{field} 引用的数据元 {identifier} 版本 {version} 不存在',
    en: '{field} refers to data element {identifier} version {version}, which does not exist',
  },
  RESOURCE_ITEM_ELEMENT_RETIRED: {
    'zh-CN': '{field} 引用的数据元 {identifier} 版本 {version} 已废止，请选用现行版本',
    en: '{field} refers to data element {identifier} version {version}, which is retired; use a current version',
  },
  RESOURCE_ITEM_DUPLICATE: { 'zh-CN': '信息项名称重复：{name}（{field}）', en: 'Duplicate item name {name} ({field})' },
  RESOURCE_ITEM_EXAMPLE_INVALID: {
    'zh-CN': '{field} 的样例值不符合数据元 {element} 的值域（{reason}）',
    en: 'The example in {field} does not fit the value domain of data element {element} ({reason})',
  },
  RESOURCE_ITEM_EXAMPLE_PERSONAL: {
    'zh-CN': '含个人信息的信息项不能填写样例值（{field}）',
    en: 'Items holding personal information take no example value ({field})',
  },
  RESOURCE_RELATED_UNKNOWN: {
    'zh-CN': '关联资源代码 {code} 不存在或不可引用（{field}）',
    en: 'Related resource {code} does not exist or cannot be referred to ({field})',
  },
  RESOURCE_KEY_REQUIRED: {
    'zh-CN': '库表类资源至少要有一个主键信息项（isKey）才能提交',
    en: 'A table resource needs at least one key item (isKey) before it is submitted',
  },
  ELEMENT_NOT_FOUND: { 'zh-CN': '找不到数据元 {identifier}', en: 'Data element {identifier} not found' },
  ELEMENT_VERSION_NOT_FOUND: {
    'zh-CN': '数据元 {identifier} 没有版本 {version}',
    en: 'Data element {identifier} has no version {version}',
  },
  ELEMENT_DOMAIN_TYPE_MISMATCH: {
    'zh-CN': '值域与数据类型不符：{problem}',
    en: 'The value domain does not fit the data type: {problem}',
  },
  ELEMENT_PATTERN_INVALID: {
    'zh-CN': '值域的正则表达式无法解析（{field}）',
    en: 'The value domain pattern is not a valid regular expression ({field})',
  },
  ELEMENT_RANGE_INVALID: {
    'zh-CN': '取值范围无效：至少给出最小值或最大值，且最小值不大于最大值',
    en: 'Invalid range: give a minimum or a maximum, and the minimum must not exceed the maximum',
  },
  CODE_LIST_NOT_FOUND: { 'zh-CN': '找不到代码表 {id}', en: 'Code list {id} not found' },
  CODE_LIST_ID_TAKEN: { 'zh-CN': '代码表标识 {id} 已存在', en: 'The code list id {id} is taken' },
  CODE_LIST_ITEM_DUPLICATE: { 'zh-CN': '代码 {code} 重复（{field}）', en: 'Duplicate code {code} ({field})' },
  SYSTEM_NOT_FOUND: { 'zh-CN': '找不到该信息系统', en: 'System not found' },
  SYSTEM_RESOURCE_UNKNOWN: {
    'zh-CN': '资源代码 {code} 不存在或不可引用（{field}）',
    en: 'Resource {code} does not exist or cannot be referred to ({field})',
  },
  DEMAND_NOT_FOUND: { 'zh-CN': '找不到该数据需求', en: 'Demand not found' },
  DEMAND_NOT_OPEN: { 'zh-CN': '该需求已办结（{status}）', en: 'This demand is already closed ({status})' },
  DEMAND_RESOURCE_UNKNOWN: {
    'zh-CN': '资源 {code} 不存在或尚未发布，不能作为匹配结果（{field}）',
    en: 'Resource {code} does not exist or is not published, so it cannot match ({field})',
  },
  ...datasetMessages,
};
