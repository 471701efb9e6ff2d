// Notices to citizens (zh-CN): 受理回执, 办结通知 with the 回访邀请 (rate it), 并案告知 and the outcome of the master
// case for merged reporters. Plain text: an SMS carries the same words as the e-mail body. Only the case number
// and public facts go in — never a handler's name or another person's data.
export type CitizenTemplate = 'receipt' | 'closed' | 'merged' | 'merged_closed';

export interface TemplateInput {
  caseNo: string;
  /** Public address of the citizen pages (config ONECITY_PUBLIC_URL); without it the notice names 12345. */
  publicUrl?: string;
  masterCaseNo?: string | null;
}

const trackHint = (i: TemplateInput) =>
  i.publicUrl
    ? `可在 ${i.publicUrl}/track 输入工单号和手机号后四位查询进度`
    : '可拨打 12345 或在政务服务网站输入工单号和手机号后四位查询进度';
const rateHint = (i: TemplateInput) =>
  i.publicUrl
    ? `请对办理结果进行评价：${i.publicUrl}/track?caseNo=${encodeURIComponent(i.caseNo)}`
    : '请在政务服务网站输入工单号和手机号后四位对办理结果进行评价';

export function renderCitizenNotice(t: CitizenTemplate, i: TemplateInput): { subject: string; text: string } {
  switch (t) {
    case 'receipt':
      return {
        subject: `【12345】受理回执 ${i.caseNo}`,
        text: `【12345】您的诉求已受理，工单号 ${i.caseNo}。${trackHint(i)}。`,
      };
    case 'closed':
      return {
        subject: `【12345】办结通知 ${i.caseNo}`,
        text: `【12345】您的诉求（工单号 ${i.caseNo}）已办结。${rateHint(i)}。如对结果不满意，可申请重办。`,
      };
    case 'merged':
      return {
        subject: `【12345】并案告知 ${i.caseNo}`,
        text: `【12345】您的诉求（工单号 ${i.caseNo}）与工单 ${i.masterCaseNo ?? ''} 反映的是同一问题，已合并办理，办结时将告知您结果。`,
      };
    case 'merged_closed':
      return {
        subject: `【12345】办结通知 ${i.caseNo}`,
        // The rating belongs to the master case; the merged reporter is told the outcome and where to read it.
        text: `【12345】与您的诉求（工单号 ${i.caseNo}）合并办理的工单 ${i.masterCaseNo ?? ''} 已办结，${trackHint(i)}。`,
      };
  }
}
