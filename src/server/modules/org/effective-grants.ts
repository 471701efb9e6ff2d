// The grants a user acts with: those stored on the account, plus one grid-worker grant per grid the user is
// assigned to today (the assignment is the scope: 网格员的范围随分配而定).
import type { Tx } from '../../platform/db/tx.ts';
import { assignedGridCodes } from '../geo/worker-scope.ts';
import * as repo from './repo.ts';

export async function effectiveGrants(tx: Tx, userId: number): Promise<repo.GrantRow[]> {
  const [stored, grids] = await Promise.all([repo.grantsOfUsers(tx, [userId]), assignedGridCodes(tx, userId)]);
  const fromAssignments: repo.GrantRow[] = grids.map((code) => ({
    user_id: userId,
    role: 'grid_worker',
    department_id: null,
    department_name: null,
    department_path: null,
    area_code: code,
  }));
  return [...stored, ...fromAssignments];
}
