// geo: the city's division tree (行政区划). Grids (网格) and boundaries come later in this module.
import { defineModule } from '../../platform/module.ts';
import { registerGeoRoutes } from './routes.ts';
import { seedDemoDivisions } from './seed-demo.ts';

const READ = ['geo.division.read'] as const;

export const geoModule = defineModule({
  name: 'geo',
  permissions: READ,
  // Every role picks places (addresses, area scopes, report locations), so every role reads the tree.
  roleGrants: {
    admin: READ,
    hotline_agent: READ,
    dispatcher: READ,
    handler: READ,
    grid_worker: READ,
    inspector: READ,
    data_steward: READ,
    reviewer: READ,
    leader: READ,
    citizen: READ,
  },
  migrations: new URL('./migrations/', import.meta.url),
  messages: {
    DIVISION_NOT_FOUND: {
      'zh-CN': '行政区划代码不存在：{code}',
      en: 'No such administrative division code: {code}',
    },
  },
  routes: registerGeoRoutes,
  seedDemo: seedDemoDivisions,
});
