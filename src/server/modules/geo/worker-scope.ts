// 网格员的范围随分配而定: a person assigned to grids today acts as a grid worker in exactly those grids. Grid
// codes start with their community code, so an assignment is an area scope like any other (can() matches
// division-code prefixes), and a case located in the grid falls inside it.
import type { Tx } from '../../platform/db/tx.ts';
import { cityToday } from './city-time.ts';
import { selectAssignedGridCodes } from './grid-repo.ts';

export function assignedGridCodes(tx: Tx, userId: number, day: string = cityToday()): Promise<string[]> {
  return selectAssignedGridCodes(tx, userId, day);
}
