// Error messages of the cases module, zh-CN and en. Each engineer adds the codes of their own part, in its
// section (config, intake, workflow, citizen), to keep concurrent edits apart.
import type { Catalogue } from '../../platform/i18n/messages.ts';

export const messages: Catalogue = {
  CASE_NOT_FOUND: { 'zh-CN': '工单不存在', en: 'Case not found' },
  // --- config ---
  CASE_CATEGORY_NOT_FOUND: { 'zh-CN': '业务分类不存在', en: 'Category not found' },
  CASE_CATEGORY_INVALID: { 'zh-CN': '分类内容不正确：{field} {problem}', en: 'Invalid category: {field} {problem}' },
  CASE_CATEGORY_CODE_INVALID: {
    'zh-CN': '分类编码不正确（{field}）：大写字母、数字和连字符，小类编码以大类编码开头',
    en: 'Invalid category code ({field}): capitals, digits and hyphens; a 小类 code starts with its 大类 code',
  },
  CASE_CATEGORY_CODE_TAKEN: { 'zh-CN': '分类编码 {code} 已被使用', en: 'Category code {code} is taken' },
  CASE_CATEGORY_COMPONENT_CODE: {
    'zh-CN': '部件小类的编码须以“-大类两位-小类两位”结尾（如 BJ-01-01），以便核对16位部件编码（{field}）',
    en: 'A component 小类 code must end in -NN-NN (e.g. BJ-01-01) to match 16-digit component ids ({field})',
  },
  CASE_CATEGORY_PARENT_INVALID: {
    'zh-CN': '上级分类不存在、已停用或不是大类（{field}）',
    en: 'The parent is unknown, inactive or not a 大类 ({field})',
  },
  CASE_CATEGORY_PARENT_INACTIVE: {
    'zh-CN': '所属大类已停用，请先启用大类',
    en: 'The 大类 is inactive; activate it first',
  },
  CASE_CATEGORY_IMPORT_INVALID: {
    'zh-CN': '分类导入文件有 {count} 处问题（第一处：{field}），未导入任何内容',
    en: 'The category file has {count} problem(s) (first: {field}); nothing was imported',
  },
  CASE_CATEGORY_ALREADY_ACTIVE: { 'zh-CN': '该分类已是启用状态', en: 'The category is already active' },
  CASE_CATEGORY_ALREADY_INACTIVE: { 'zh-CN': '该分类已停用', en: 'The category is already inactive' },
  CASE_TIME_LIMIT_INVALID: {
    'zh-CN': '办理时限不正确：{field} {problem}（单位为 working_hours 工作时或 working_days 工作日，数值须大于 0）',
    en: 'Invalid time limit: {field} {problem} (unit working_hours or working_days, amount > 0)',
  },
  CASE_ATTRIBUTE_REQUIRED: { 'zh-CN': '请填写“{name}”（{field}）', en: 'Please fill in “{name}” ({field})' },
  CASE_ATTRIBUTE_INVALID: { 'zh-CN': '附加信息不正确：{field} {problem}', en: 'Invalid attribute: {field} {problem}' },
  CASE_ROUTING_RULE_NOT_FOUND: { 'zh-CN': '派单规则不存在', en: 'Routing rule not found' },
  CASE_ROUTING_RULE_INACTIVE: { 'zh-CN': '该派单规则已停用', en: 'The routing rule is inactive' },
  CASE_ROUTING_RULE_DUPLICATE: {
    'zh-CN': '已有相同分类、区域和优先级的启用规则（#{ruleId}），两条规则无法区分先后',
    en: 'An active rule with the same category, area and priority exists (#{ruleId}); the two would tie',
  },
  CASE_ROUTING_CATEGORY_UNKNOWN: { 'zh-CN': '业务分类不存在（{field}）', en: 'Unknown category ({field})' },
  CASE_ROUTING_CATEGORY_INACTIVE: { 'zh-CN': '业务分类已停用（{field}）', en: 'The category is inactive ({field})' },
  CASE_ROUTING_AREA_UNKNOWN: {
    'zh-CN': '区域 {field} 不是现行有效的区县、街道或社区代码',
    en: '{field} is not a current district, street or community code',
  },
  CASE_ROUTING_AREA_CITY: {
    'zh-CN': '全市适用的规则请将区域留空（{field}）',
    en: 'Leave {field} empty for a rule that covers the whole city',
  },
  CASE_ROUTING_DEPARTMENT_UNKNOWN: { 'zh-CN': '部门不存在（{field}）', en: 'Unknown department ({field})' },
  CASE_SETTING_UNKNOWN: { 'zh-CN': '没有名为 {field} 的设置项', en: 'There is no setting {field}' },
  CASE_SETTING_INVALID: { 'zh-CN': '设置值不正确：{field} {problem}', en: 'Invalid setting: {field} {problem}' },
  CASE_KNOWLEDGE_NOT_FOUND: { 'zh-CN': '知识条目不存在', en: 'Knowledge-base entry not found' },
  CASE_KNOWLEDGE_INVALID: { 'zh-CN': '知识条目不正确：{field} {problem}', en: 'Invalid entry: {field} {problem}' },
  CASE_KNOWLEDGE_INACTIVE: { 'zh-CN': '该知识条目已停用', en: 'The entry is inactive' },
  // --- intake ---
  CASE_CATEGORY_UNKNOWN: {
    'zh-CN': '业务分类不存在或已停用，或不是小类（{field}）',
    en: 'Unknown or inactive category, or not a sub-category ({field})',
  },
  CASE_COMPONENT_ID_REQUIRED: { 'zh-CN': '部件类问题必须填写部件编码', en: 'This category needs the component id' },
  CASE_COMPONENT_ID_INVALID: {
    'zh-CN': '部件编码不正确：{problem}',
    en: 'Invalid component id: {problem}',
  },
  CASE_ANONYMOUS_NOT_ALLOWED: {
    'zh-CN': '该类问题不接受匿名反映',
    en: 'This category cannot be reported anonymously',
  },
  CASE_PHONE_INVALID: {
    'zh-CN': '联系电话不是有效的手机号或固定电话（{field}）',
    en: 'Not a valid mobile or landline number ({field})',
  },
  CASE_ID_NUMBER_INVALID: { 'zh-CN': '证件号码不正确（{problem}）', en: 'Invalid ID number ({problem})' },
  CASE_LOCATION_INVALID: { 'zh-CN': '位置不正确：{field} {problem}', en: 'Invalid location: {field} {problem}' },
  CASE_OUTSIDE_CITY: {
    'zh-CN': '该位置不在本市管辖范围内',
    en: 'This location is outside the city’s jurisdiction',
  },
  CASE_PHOTO_INVALID: { 'zh-CN': '照片不正确：{field} {problem}', en: 'Invalid photo: {field} {problem}' },
  CASE_PHOTO_TOO_LARGE: {
    'zh-CN': '照片过大（{field}，上限 {limit} 字节）',
    en: 'Photo too large ({field}, limit {limit} bytes)',
  },
  CASE_MERGE_INVALID: { 'zh-CN': '不能并案：{problem}', en: 'Cannot merge: {problem}' },
  CASE_ATTACHMENT_NOT_FOUND: { 'zh-CN': '附件不存在', en: 'Attachment not found' },
  CASE_EXPORT_TOO_LARGE: {
    'zh-CN': '导出行数超过上限 {limit}，请缩小筛选范围',
    en: 'Export exceeds {limit} rows; narrow the filter',
  },
  // --- workflow ---
  CASE_ACTION_UNKNOWN: { 'zh-CN': '未知的工单操作：{action}', en: 'Unknown case action: {action}' },
  CASE_VERSION_CONFLICT: {
    'zh-CN': '工单已被他人修改（当前版本 {currentVersion}），请刷新后重试',
    en: 'The case was changed by someone else (now version {currentVersion}); reload and try again',
  },
  INVALID_TRANSITION: {
    'zh-CN': '工单当前状态为 {status}，不能执行“{action}”',
    en: 'The case is {status}; “{action}” is not possible now',
  },
  CASE_REASON_REQUIRED: { 'zh-CN': '请填写原因（{field}）', en: 'A reason is required ({field})' },
  CASE_FIELD_REQUIRED: { 'zh-CN': '请填写 {field}', en: '{field} is required' },
  CASE_FIELD_TOO_LONG: { 'zh-CN': '{field} 过长（上限 {max} 字）', en: '{field} is too long (max {max})' },
  CASE_DISPATCH_DEPARTMENT_REQUIRED: {
    'zh-CN': '请选择主办单位',
    en: 'Choose the main (responsible) department',
  },
  CASE_DEPARTMENT_UNKNOWN: {
    'zh-CN': '部门不存在（{field}: {departmentId}）',
    en: 'No such department ({field}: {departmentId})',
  },
  CASE_ALREADY_SIGNED: { 'zh-CN': '本单位已签收该工单', en: 'Your department has already signed for this case' },
  CASE_REOPEN_NOT_ALLOWED: {
    'zh-CN': '按重办规定不能重办（{problem}）',
    en: 'The reopen policy does not allow reopening this case ({problem})',
  },
  CASE_REQUEST_PENDING: {
    'zh-CN': '已有一条待审核的同类申请（{kind}）',
    en: 'A request of this kind is already awaiting a decision ({kind})',
  },
  CASE_NO_PENDING_REQUEST: { 'zh-CN': '没有待审核的申请（{kind}）', en: 'No request awaiting a decision ({kind})' },
  CASE_RETURN_TOO_LATE: {
    'zh-CN': '已超过退单时限（派遣后 {limitHours} 个工作小时内）',
    en: 'Too late to return the case (within {limitHours} working hours of dispatch)',
  },
  CASE_EXTENSION_TOO_LATE: {
    'zh-CN': '延期须在办理期限 {dueAt} 之前申请',
    en: 'An extension must be asked before the deadline {dueAt}',
  },
  CASE_EXTENSION_DUE_INVALID: {
    'zh-CN': '申请的新期限须晚于当前期限 {dueAt}',
    en: 'The requested deadline must be later than the current one ({dueAt})',
  },
  CASE_NOT_PAUSED: { 'zh-CN': '工单未挂起', en: 'The case is not suspended' },
  // --- citizen ---
  CITIZEN_CONTACT_REQUIRED: {
    'zh-CN': '请留下手机号码，以便查询办理进度和接收通知；如不愿留下联系方式，请选择匿名反映',
    en: 'Leave a phone number to follow the case and receive notices, or choose to report anonymously',
  },
  CITIZEN_EMAIL_INVALID: { 'zh-CN': '电子邮箱格式不正确', en: 'The e-mail address is not valid' },
};
