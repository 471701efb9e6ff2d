// The demo catalog (demo mode only): code lists, data elements, systems, resources in every state and a few
// demands, written through the catalog's own services as the system actor — so the demo passes the same
// checks, leaves the same audit trail and emits the same events as real registrations. Deterministic: on a
// fresh database the same identifiers and codes every time. Departments come from org's listDepartments().
import { SYSTEM_ACTOR } from '../../platform/auth/actor.ts';
import type { Tx } from '../../platform/db/tx.ts';
import type { DemoSeedContext } from '../../platform/module.ts';
import { createCodeList } from './code-lists.ts';
import { closeDemand, createDemand } from './demands.ts';
import { seedDemoDatasets } from './demo-datasets-load.ts';
import { DEMO_CODE_LISTS, DEMO_ELEMENT_REVISION, DEMO_ELEMENTS, type DemoElementKey } from './demo-dictionary.ts';
import { DEMO_DEMANDS, DEMO_SYSTEMS } from './demo-registry.ts';
import { DEMO_DEPRECATION_REASON, DEMO_RESOURCES, DEMO_RETURN_REASON } from './demo-resources.ts';
import { type DepartmentDirectory, loadDirectory } from './department-directory.ts';
import { latestElement } from './element-repo.ts';
import { createElement, reviseElement } from './elements.ts';
import { approveResource, createResource, deprecateResource, returnResource, submitResource } from './resources.ts';
import { createSystem } from './systems.ts';

const actor = SYSTEM_ACTOR;

function departmentId(dir: DepartmentDirectory, code: string): number {
  const d = dir.byCode.get(code);
  if (!d) throw new Error(`demo department ${code} missing: the org demo seed must run first`);
  return d.id;
}

async function seedResources(tx: Tx, dir: DepartmentDirectory, elements: Map<DemoElementKey, string>) {
  const codes = new Map<string, string>();
  for (const r of DEMO_RESOURCES) {
    const { provider, items, status, ...content } = r;
    let view = await createResource(tx, actor, {
      ...content,
      providerDepartmentId: departmentId(dir, provider),
      items: items.map(([name, key, flags = '']) => ({
        name,
        element: { identifier: elements.get(key)!, version: 1 },
        isKey: flags.includes('k'),
        personalInfo: flags.includes('s') ? 'sensitive' : flags.includes('p') ? 'personal' : 'none',
      })),
    });
    codes.set(r.name, view.code);
    if (status === 'draft') continue;
    view = await submitResource(tx, actor, view.code, { version: view.version });
    if (status === 'returned')
      await returnResource(tx, actor, view.code, { version: view.version, reason: DEMO_RETURN_REASON });
    if (status !== 'published' && status !== 'deprecated') continue;
    view = await approveResource(tx, actor, view.code, { version: view.version });
    if (status === 'deprecated')
      await deprecateResource(tx, actor, view.code, { version: view.version, reason: DEMO_DEPRECATION_REASON });
  }
  return codes;
}

export async function seedDemoCatalog(ctx: DemoSeedContext): Promise<void> {
  const total = DEMO_CODE_LISTS.length + Object.keys(DEMO_ELEMENTS).length + DEMO_RESOURCES.length;
  ctx.progress.start('数据目录 data catalog', total + DEMO_SYSTEMS.length + DEMO_DEMANDS.length);
  await ctx.db.transaction().execute(async (tx) => {
    if (await latestElement(tx, 'DE0001')) return; // already seeded
    const dir = await loadDirectory(tx);
    for (const list of DEMO_CODE_LISTS) {
      await createCodeList(tx, actor, list);
      ctx.progress.tick();
    }
    const elements = new Map<DemoElementKey, string>();
    for (const [key, input] of Object.entries(DEMO_ELEMENTS)) {
      elements.set(key as DemoElementKey, (await createElement(tx, actor, input)).identifier);
      ctx.progress.tick();
    }
    const codes = await seedResources(tx, dir, elements);
    ctx.progress.tick(DEMO_RESOURCES.length);
    const { key, change } = DEMO_ELEMENT_REVISION;
    await reviseElement(tx, actor, elements.get(key)!, { ...DEMO_ELEMENTS[key], ...change, baseVersion: 1 });
    for (const { owner, holds, ...system } of DEMO_SYSTEMS) {
      await createSystem(tx, actor, {
        ...system,
        ownerDepartmentId: departmentId(dir, owner),
        resourceCodes: holds.map((name) => codes.get(name)!),
      });
      ctx.progress.tick();
    }
    for (const { department, outcome, ...demand } of DEMO_DEMANDS) {
      const d = await createDemand(tx, actor, { ...demand, requestingDepartmentId: departmentId(dir, department) });
      if (outcome)
        await closeDemand(tx, actor, d.id, {
          version: d.version,
          ...('matched' in outcome
            ? { matchedResourceCodes: outcome.matched.map((name) => codes.get(name)!) }
            : { note: outcome.note }),
        });
      ctx.progress.tick();
    }
    // 数据中心: synthetic datasets with planted bad rows, loaded through the load service (versions, quality).
    await seedDemoDatasets(tx, codes);
  });
  ctx.progress.done();
}
