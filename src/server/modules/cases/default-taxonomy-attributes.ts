// Shared pieces of the default taxonomy (default-taxonomy*.ts): time-limit shorthands and the Open311 attributes
// several 小类 ask for. Data only.
import type { CategoryAttribute, TimeLimits } from './categories-validation.ts';

export const hours = (normal: number, urgent: number): TimeLimits => ({
  normal: { amount: normal, unit: 'working_hours' },
  urgent: { amount: urgent, unit: 'working_hours' },
});
export const days = (normal: number, urgentHours = 4): TimeLimits => ({
  normal: { amount: normal, unit: 'working_days' },
  urgent: { amount: urgentHours, unit: 'working_hours' },
});
export const list = (
  code: string,
  description: string,
  values: [string, string][],
  required = true,
): CategoryAttribute => ({
  code,
  datatype: 'singlevaluelist',
  required,
  description,
  order: 1,
  values: values.map(([key, name]) => ({ key, name })),
});
export const text = (code: string, description: string, required = true, order = 2): CategoryAttribute => ({
  code,
  datatype: 'string',
  required,
  description,
  order,
});
export const num = (code: string, description: string, required = false, order = 3): CategoryAttribute => ({
  code,
  datatype: 'number',
  required,
  description,
  order,
});

export const COVER = list('cover_state', '井盖状况', [
  ['missing', '缺失'],
  ['broken', '破损'],
  ['displaced', '移位'],
  ['noisy', '松动异响'],
]);
export const LAMP = list('lamp_state', '路灯状况', [
  ['off', '不亮'],
  ['day_on', '白天亮灯'],
  ['flicker', '闪烁'],
  ['pole', '灯杆倾斜或破损'],
]);
export const DAMAGE = list('damage', '损坏情况', [
  ['broken', '破损'],
  ['missing', '缺失'],
  ['dirty', '脏污'],
  ['tilted', '倾斜'],
]);
export const TREE = list('tree_problem', '树木问题', [
  ['tilted', '倾斜'],
  ['dead', '枯死'],
  ['branch', '断枝'],
  ['fallen', '倒伏'],
  ['pest', '病虫害'],
]);
export const NIGHT = list('time_of_day', '发生时段', [
  ['day', '白天（6:00–22:00）'],
  ['night', '夜间（22:00–6:00）'],
]);
export const SCOPE = list('scope', '影响范围', [
  ['household', '单户'],
  ['building', '整栋楼'],
  ['area', '片区'],
]);
export const PLATE = text('plate', '车牌号码');
export const VOLUME = num('volume_m3', '估计体积（立方米）');
export const MERCHANT = text('merchant', '商户或单位名称');
export const COMMUNITY = text('community_name', '小区名称');
export const EMPLOYER = text('employer', '用人单位名称');

export const MANHOLE = { attributes: [COVER], group: 'manhole', keywords: '井盖 窨井 检查井 下水道' };
