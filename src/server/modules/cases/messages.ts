// Error messages of the cases module, zh-CN and en. Each engineer adds the codes of their own part, in its
// section (config, intake, workflow, citizen), to keep concurrent edits apart.
import type { Catalogue } from '../../platform/i18n/messages.ts';

export const messages: Catalogue = {
  CASE_NOT_FOUND: { 'zh-CN': '工单不存在', en: 'Case not found' },
  // --- config ---
  // --- intake ---
  // --- workflow ---
  // --- citizen ---
};
