// Demo only: the demo grid worker (网格员 `gridworker`, area 姑苏区) is the primary worker of every grid of
// 双塔街道, so that a locate in that street names a person. Runs after the org seed (seedDemoLinks).
import { SYSTEM_ACTOR } from '../../platform/auth/actor.ts';
import type { DemoSeedContext } from '../../platform/module.ts';
import { userIdsByUsername } from '../org/user-summaries.ts';
import { assignToGrid } from './assignments.ts';
import * as repo from './grid-repo.ts';

const DEMO_STREET = '320508021'; // 双塔街道, 姑苏区
const DEMO_WORKER = 'gridworker';
const DEMO_FROM = '2026-01-01';

export async function seedDemoAssignments(ctx: DemoSeedContext): Promise<void> {
  await ctx.db.transaction().execute(async (tx) => {
    const userId = (await userIdsByUsername(tx, [DEMO_WORKER])).get(DEMO_WORKER);
    const { currentVersion } = await repo.selectSettings(tx);
    if (userId === undefined || currentVersion === null) return;
    const grids = (await repo.selectGrids(tx, { version: currentVersion, day: DEMO_FROM, prefix: DEMO_STREET })).map(
      (g) => g.code,
    );
    const assigned = new Set((await repo.selectActiveAssignments(tx, grids, DEMO_FROM)).map((a) => a.gridCode));
    const todo = grids.filter((g) => !assigned.has(g));
    ctx.progress.start('网格员分配 demo grid assignments', todo.length);
    for (const code of todo) {
      await assignToGrid(tx, SYSTEM_ACTOR, code, { userId, role: 'primary', validFrom: DEMO_FROM });
      ctx.progress.tick();
    }
    ctx.progress.done();
  });
}
