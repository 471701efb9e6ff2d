// Words of the grid worker's phone page (上报, 今日任务, 核查).
import { useI18n } from '../../../i18n/I18nProvider';
import { type Pair, translator } from '../citizen/bilingual';

const TEXTS = {
  title: ['网格员工作台', 'Grid worker'],
  tabReport: ['上报', 'Report'],
  tabTasks: ['今日任务', 'Today'],
  category: ['问题类别', 'Category'],
  photo: ['现场照片', 'Photo'],
  photoRequired: ['请拍摄现场照片', 'Take a photo of the spot'],
  gps: ['位置（GPS）', 'Location (GPS)'],
  gpsRequired: ['请获取 GPS 位置', 'Get the GPS position'],
  note: ['补充说明（可选）', 'Note (optional)'],
  attributesRequired: ['请回答带 * 的问题', 'Answer the questions marked *'],
  component: ['部件编号', 'Component id'],
  componentHint: ['16 位，第 7–10 位为 {digits}', '16 digits; digits 7–10 are {digits}'],
  componentRequired: ['请填写 16 位部件编号（见部件标牌）', 'Enter the 16-digit component id (on its plate)'],
  categoryRequired: ['请选择类别', 'Choose a category'],
  submit: ['上报', 'Report'],
  filed: ['已上报：{no}', 'Reported: {no}'],
  filedRouted: ['已上报 {no}，派往 {dept}', 'Reported {no}, routed to {dept}'],
  tasksEmpty: ['今天没有待核查的工单', 'Nothing to check today'],
  tasksCount: ['待核查 {n} 件', '{n} to check'],
  reportedToday: ['今日已上报 {n} 件', 'Reported today: {n}'],
  due: ['时限 {at}', 'Due {at}'],
  verifyTitle: ['核查', 'Check on site'],
  handlerResult: ['处置结果', 'The handler’s result'],
  resultPhotos: ['处置照片', 'Result photos'],
  reportPhotos: ['上报照片', 'Reported photos'],
  noPhotos: ['没有照片', 'No photos'],
  myPhotos: ['核查照片', 'Your photos'],
  fixed: ['已整改', 'Fixed'],
  notFixed: ['未整改', 'Not fixed'],
  reason: ['未整改原因', 'Why is it not fixed?'],
  reasonRequired: ['请填写未整改原因', 'Say why it is not fixed'],
  confirmNotFixed: ['提交未整改（返工）', 'Send back for rework'],
  verifiedFixed: ['已核查：已整改', 'Checked: fixed'],
  verifiedNotFixed: ['已核查：未整改，已退回返工', 'Checked: not fixed, sent back'],
  back: ['返回', 'Back'],
  address: ['地址', 'Address'],
} as const satisfies Record<string, Pair>;

export function useGridText() {
  return translator(TEXTS, useI18n().locale);
}
