// geo: 一张网 — the city's division tree (行政区划), its unit grids (单元网格) in versions, the people assigned to
// them, the address gazetteer and the places on the grid, and locate(point) over an in-memory index.
import type { DemoSeedContext } from '../../platform/module.ts';
import { defineModule } from '../../platform/module.ts';
import { warmGridIndex } from './locate.ts';
import { messages } from './messages.ts';
import { registerGeoRoutes } from './routes.ts';
import { seedDemoDivisions } from './seed-demo.ts';
import { seedDemoAssignments } from './seed-demo-assignments.ts';
import { seedDemoGrids } from './seed-demo-grids.ts';

const DIVISIONS = ['geo.division.read'] as const;
const GRIDS = ['geo.division.read', 'geo.grid.read', 'geo.locate'] as const;
const STEWARD = [
  ...GRIDS,
  'geo.grid.import',
  'geo.grid.export',
  'geo.address.import',
  'geo.place.import',
  'geo.division.import',
] as const;

export const geoModule = defineModule({
  name: 'geo',
  permissions: [
    'geo.division.read',
    'geo.grid.read',
    'geo.locate',
    'geo.grid.import',
    'geo.grid.export',
    'geo.grid.assign',
    'geo.address.import',
    'geo.place.import',
    'geo.division.import',
  ],
  // Every role picks places (addresses, area scopes, report locations), so every role reads the tree; every
  // back-office role reads the grids and locates points. Grid data is kept by data stewards; assigning grid
  // workers is an administrator's job (an area-scoped admin assigns inside their area).
  roleGrants: {
    admin: [...STEWARD, 'geo.grid.assign'],
    hotline_agent: GRIDS,
    dispatcher: GRIDS,
    handler: GRIDS,
    grid_worker: GRIDS,
    inspector: GRIDS,
    data_steward: STEWARD,
    reviewer: ['geo.division.read', 'geo.grid.read'],
    leader: [...GRIDS, 'geo.grid.export'],
    citizen: DIVISIONS,
  },
  migrations: new URL('./migrations/', import.meta.url),
  messages,
  routes: registerGeoRoutes,
  bootstrap: warmGridIndex,
  async seedDemo(ctx: DemoSeedContext) {
    await seedDemoDivisions(ctx);
    await seedDemoGrids(ctx);
  },
  seedDemoLinks: seedDemoAssignments,
});
