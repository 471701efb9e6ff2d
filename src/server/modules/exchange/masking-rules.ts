// Display masking (脱敏) as data: rules per data element, or per kind of personal information (DOMAIN.md §4
// defaults, PIPL art. 28). The exchange API picks a column's rule by what the column IS — the data element its
// 信息项 is bound to and the provider's personal-information flag — never by what a value looks like.
//
// Choice for one column: an element rule for its data element identifier, whatever the flag; otherwise a field
// flagged 'none' is clear; otherwise the rule of its personal-information kind (recognised from the element's
// validator or name), falling back to the rule for 'personal' / 'sensitive'.
import type { Actor } from '../../platform/auth/actor.ts';
import { canSomewhere } from '../../platform/auth/can.ts';
import { recordAudit } from '../../platform/audit/record.ts';
import { digestHex } from '../../platform/crypto/digest.ts';
import type { Tx } from '../../platform/db/tx.ts';
import { ForbiddenError, VersionConflictError, badRequest, conflict, notFound } from '../../platform/errors.ts';
import type { SharingItemElement } from '../catalog/sharing-api.ts';
import * as repo from './repo.ts';
import { assertDataOffice } from './settings.ts';
import type { MaskMethod, MaskTargetKind } from './tables.ts';

/** Kinds of personal information a rule may name; 'personal' and 'sensitive' are the fallbacks. */
export const PI_KINDS = [
  'id_card',
  'mobile',
  'bank_card',
  'name',
  'address',
  'email',
  'birth_date',
  'personal',
  'sensitive',
] as const;
export type PiKind = (typeof PI_KINDS)[number];

export const MASK_METHODS: readonly MaskMethod[] = ['keep', 'replace_all', 'hash', 'none', 'district', 'year', 'email'];

export interface MaskRule {
  method: MaskMethod;
  keepFirst: number;
  keepLast: number;
}

/** The kind of personal information a data element holds: by its validator first, then by its Chinese name. */
export function personalInfoKind(e: Pick<SharingItemElement, 'validator' | 'elementNameZh'>): PiKind | null {
  if (e.validator === 'id_card') return 'id_card';
  if (e.validator === 'mobile') return 'mobile';
  const n = e.elementNameZh;
  if (/身份证|身份号码/.test(n)) return 'id_card';
  if (/手机|电话|联系方式/.test(n)) return 'mobile';
  if (/银行卡|银行账号|银行帐号|卡号/.test(n)) return 'bank_card';
  if (/邮箱|电子邮件|e-?mail/i.test(n)) return 'email';
  if (/出生日期|生日/.test(n)) return 'birth_date';
  if (/地址|住址|居住地|户籍地/.test(n)) return 'address';
  if (/姓名/.test(n)) return 'name';
  return null;
}

const MASK = '*';

/** Applies one rule to one value. `salt` makes hash tokens differ per grant, so two consumers cannot join on them. */
export function applyMask(value: string, rule: MaskRule, salt: string): string {
  if (value === '') return value;
  const chars = [...value];
  switch (rule.method) {
    case 'none':
      return value;
    case 'replace_all':
      return MASK.repeat(chars.length);
    case 'hash':
      return digestHex(`${salt}\u0000${value}`).slice(0, 16);
    case 'keep': {
      if (rule.keepFirst + rule.keepLast >= chars.length) {
        // Too short to keep that much: keep at most the first character, never the whole value.
        return chars.length === 1 ? MASK : chars[0] + MASK.repeat(chars.length - 1);
      }
      const tail = rule.keepLast > 0 ? chars.slice(-rule.keepLast).join('') : '';
      return (
        chars.slice(0, rule.keepFirst).join('') + MASK.repeat(chars.length - rule.keepFirst - rule.keepLast) + tail
      );
    }
    case 'district': {
      // GB/T 2260 levels: cut after the county-level name (区/县/旗, not 自治区, which is a province; or 市 when no
      // county level follows), hide the rest.
      const m = /^(.*?(?:自治县|自治旗|(?<!自治)区|县|旗))/.exec(value) ?? /^(.*?市)/.exec(value);
      return m ? `${m[1]}${MASK.repeat(3)}` : MASK.repeat(Math.min(chars.length, 6));
    }
    case 'year': {
      const m = /^(\d{4})/.exec(value);
      return m ? m[1] : MASK.repeat(chars.length);
    }
    case 'email': {
      const at = value.lastIndexOf('@');
      if (at <= 0) return MASK.repeat(chars.length);
      const local = [...value.slice(0, at)];
      const keep = Math.min(rule.keepFirst, local.length - 1);
      return `${local.slice(0, keep).join('')}${MASK.repeat(3)}${value.slice(at)}`;
    }
  }
}

export interface MaskingTable {
  byElement: Map<string, MaskRule>;
  byKind: Map<string, MaskRule>;
  /** The install's secret salt for 'hash' (see exchange_settings.mask_salt). */
  salt: string;
}

const toRule = (r: repo.MaskingRuleRow): MaskRule => ({
  method: r.method,
  keepFirst: r.keep_first,
  keepLast: r.keep_last,
});

export async function loadMaskingTable(tx: Tx): Promise<MaskingTable> {
  const rows = await repo.selectMaskingRules(tx);
  const settings = await repo.selectSettings(tx);
  return {
    salt: settings.mask_salt,
    byElement: new Map(rows.filter((r) => r.target_kind === 'element').map((r) => [r.target, toRule(r)])),
    byKind: new Map(rows.filter((r) => r.target_kind === 'pi_kind').map((r) => [r.target, toRule(r)])),
  };
}

const CLEAR: MaskRule = { method: 'none', keepFirst: 0, keepLast: 0 };
/** When even the fallback rows were deleted by hand: hide everything rather than show it. */
const HIDE: MaskRule = { method: 'replace_all', keepFirst: 0, keepLast: 0 };

/** The rule for one column (see the head of this file for the order). */
export function ruleForColumn(table: MaskingTable, item: SharingItemElement | undefined): MaskRule {
  if (!item) return CLEAR;
  const byElement = table.byElement.get(item.elementIdentifier);
  if (byElement) return byElement;
  if (item.personalInfo === 'none') return CLEAR;
  const kind = personalInfoKind(item);
  return (kind && table.byKind.get(kind)) || table.byKind.get(item.personalInfo) || HIDE;
}

// ---- the data office's API ----------------------------------------------------------------------------------

export function presentMaskingRule(r: repo.MaskingRuleRow) {
  return {
    id: r.id,
    targetKind: r.target_kind,
    target: r.target,
    method: r.method,
    keepFirst: r.keep_first,
    keepLast: r.keep_last,
    note: r.note,
    version: r.version,
    updatedAt: new Date(r.updated_at).toISOString(),
    updatedBy: r.updated_by,
  };
}

export async function listMaskingRules(tx: Tx, actor: Actor) {
  if (!['exchange.request', 'exchange.decide', 'exchange.office'].some((a) => canSomewhere(actor, a)))
    throw new ForbiddenError('exchange.office');
  return {
    items: (await repo.selectMaskingRules(tx)).map(presentMaskingRule),
    kinds: PI_KINDS,
    methods: MASK_METHODS,
  };
}

export interface MaskingRuleInput {
  method: MaskMethod;
  keepFirst?: number;
  keepLast?: number;
  note?: string | null;
}

function values(input: MaskingRuleInput): repo.MaskingRuleValues {
  const keepFirst = input.keepFirst ?? 0;
  const keepLast = input.keepLast ?? 0;
  if (input.method === 'keep' && keepFirst + keepLast === 0)
    throw badRequest('EXCHANGE_MASK_KEEP_REQUIRED', { field: 'body.keepFirst' });
  return { method: input.method, keep_first: keepFirst, keep_last: keepLast, note: input.note?.trim() || null };
}

const ELEMENT_ID = /^[A-Za-z0-9._-]{1,64}$/;

/** A rule for one data element (kinds are fixed and only updated). */
export async function createMaskingRule(
  tx: Tx,
  actor: Actor,
  input: MaskingRuleInput & { targetKind: MaskTargetKind; target: string },
) {
  await assertDataOffice(tx, actor);
  if (input.targetKind === 'pi_kind' && !(PI_KINDS as readonly string[]).includes(input.target))
    throw badRequest('EXCHANGE_MASK_UNKNOWN_KIND', { field: 'body.target', kind: input.target });
  if (input.targetKind === 'element' && !ELEMENT_ID.test(input.target))
    throw badRequest('EXCHANGE_MASK_BAD_ELEMENT', { field: 'body.target', target: input.target });
  const row = await repo.insertMaskingRule(
    tx,
    { kind: input.targetKind, target: input.target },
    values(input),
    actor.name,
  );
  if (!row) throw conflict('EXCHANGE_MASK_RULE_EXISTS', { target: input.target });
  await recordAudit(
    tx,
    actor,
    'exchange.masking_rule.create',
    { type: 'exchange_masking_rule', id: row.id },
    {
      target: `${row.target_kind}:${row.target}`,
      method: row.method,
      keepFirst: row.keep_first,
      keepLast: row.keep_last,
    },
  );
  return presentMaskingRule(row);
}

export async function updateMaskingRule(
  tx: Tx,
  actor: Actor,
  rawId: string,
  input: MaskingRuleInput & { version: number },
) {
  await assertDataOffice(tx, actor);
  const id = Number(rawId);
  const before = Number.isSafeInteger(id) ? await repo.lockMaskingRule(tx, id) : undefined;
  if (!before) throw notFound('EXCHANGE_MASK_RULE', { id: rawId });
  if (before.version !== input.version) throw new VersionConflictError(before.version);
  const after = await repo.updateMaskingRule(tx, id, values(input), actor.name);
  const summary = (r: repo.MaskingRuleRow) => ({ method: r.method, keepFirst: r.keep_first, keepLast: r.keep_last });
  await recordAudit(
    tx,
    actor,
    'exchange.masking_rule.update',
    { type: 'exchange_masking_rule', id },
    { target: `${after.target_kind}:${after.target}`, before: summary(before), after: summary(after) },
  );
  return presentMaskingRule(after);
}
