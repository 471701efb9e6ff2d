// 值域代码表: the code lists data elements draw their values from (e.g. GB/T 2261.1 gender).
import type { Actor } from '../../platform/auth/actor.ts';
import { can } from '../../platform/auth/can.ts';
import { recordAudit } from '../../platform/audit/record.ts';
import type { Tx } from '../../platform/db/tx.ts';
import { AppError, conflict, notFound } from '../../platform/errors.ts';
import { emit } from '../../platform/outbox/outbox.ts';
import { catalogAccess } from './catalog-access.ts';
import * as repo from './element-repo.ts';
import { optionalText, requiredText } from './text-input.ts';

export interface CodeListItem {
  code: string;
  labelZh: string;
  labelEn: string | null;
}

export interface CodeListView {
  id: string;
  name: string;
  nameEn: string | null;
  standard: string | null;
  /** Where the codes are kept when not in this list (e.g. "geo.divisions"). */
  source: string | null;
  itemCount: number;
  createdBy: string;
  createdAt: string;
}

function present(c: repo.CodeListRow, itemCount: number): CodeListView {
  return {
    id: c.id,
    name: c.name,
    nameEn: c.name_en,
    standard: c.standard,
    source: c.source,
    itemCount,
    createdBy: c.created_by,
    createdAt: c.created_at.toISOString(),
  };
}

export async function listCodeLists(tx: Tx, actor: Actor): Promise<CodeListView[]> {
  await catalogAccess(tx, actor, 'catalog.read');
  return (await repo.listCodeLists(tx)).map((c) => present(c, Number(c.item_count ?? 0)));
}

export async function getCodeList(tx: Tx, actor: Actor, id: string): Promise<CodeListView & { items: CodeListItem[] }> {
  await catalogAccess(tx, actor, 'catalog.read');
  const c = await repo.getCodeList(tx, id);
  if (!c) throw notFound('CODE_LIST', { id });
  const items = await repo.codeListItems(tx, id);
  return {
    ...present(c, items.length),
    items: items.map((i) => ({ code: i.code, labelZh: i.label_zh, labelEn: i.label_en })),
  };
}

export interface CreateCodeListInput {
  id: string;
  name: string;
  nameEn?: string | null;
  standard?: string | null;
  source?: string | null;
  items: { code: string; labelZh: string; labelEn?: string | null }[];
}

export async function createCodeList(
  tx: Tx,
  actor: Actor,
  input: CreateCodeListInput,
): Promise<CodeListView & { items: CodeListItem[] }> {
  const a = await catalogAccess(tx, actor, 'catalog.element.manage');
  can(actor, 'catalog.element.manage', a.office);
  const source = optionalText(input.source);
  if (!source && input.items.length === 0)
    throw new AppError('VALIDATION_FAILED', 400, { field: 'items', problem: 'must not be empty without a source' });
  const seen = new Set<string>();
  const items = input.items.map((it, i) => {
    if (seen.has(it.code))
      throw new AppError('CODE_LIST_ITEM_DUPLICATE', 400, { field: `items[${i}].code`, code: it.code });
    seen.add(it.code);
    return {
      code: it.code,
      label_zh: requiredText(it.labelZh, `items[${i}].labelZh`),
      label_en: optionalText(it.labelEn),
    };
  });
  const c = await repo.insertCodeList(
    tx,
    {
      id: input.id,
      name: requiredText(input.name, 'name'),
      name_en: optionalText(input.nameEn),
      standard: optionalText(input.standard),
      source,
      created_by: actor.name,
    },
    items,
  );
  if (!c) throw conflict('CODE_LIST_ID_TAKEN', { id: input.id });
  await recordAudit(tx, actor, 'catalog.codelist.create', { type: 'code_list', id: c.id }, { items: items.length });
  await emit(tx, { type: 'catalog.codelist.created', id: c.id });
  return {
    ...present(c, items.length),
    items: items.map((i) => ({ code: i.code, labelZh: i.label_zh, labelEn: i.label_en })),
  };
}
