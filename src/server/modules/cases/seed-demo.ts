// The cases part of the demo city: routing rules for the demo departments (seed-demo-config.ts), then a year of
// synthetic history (demo-history.ts; ONECITY_DEMO_CASES cases, 0 = none) routed by those very rules.
import type { DemoSeedContext } from '../../platform/module.ts';
import { seedCaseHistory } from './demo-history.ts';
import { resolveRoute } from './routing.ts';
import { seedDemoRoutingRules } from './seed-demo-config.ts';

export async function seedCasesDemo(ctx: DemoSeedContext): Promise<void> {
  await seedDemoRoutingRules(ctx);
  await seedCaseHistory(ctx, ctx.config.demoCases, async (tx, categoryId, areaCode) => {
    return (await resolveRoute(tx, categoryId, areaCode)).departmentId;
  });
}
