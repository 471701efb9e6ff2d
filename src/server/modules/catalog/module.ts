// 数据目录: the systems registry (摸清家底), the data element dictionary (数据元) with code lists, the government
// information resource catalog (政务信息资源目录) with its review workflow, and the data demand list (需求清单).
import { defineModule } from '../../platform/module.ts';
import { registerDatasetRoutes } from './dataset-routes.ts';
import { registerDemandRoutes } from './demand-routes.ts';
import { registerElementRoutes } from './element-routes.ts';
import { messages } from './messages.ts';
import { registerResourceRoutes } from './resource-routes.ts';
import { seedDemoCatalog } from './seed-demo.ts';
import { registerSystemRoutes } from './system-routes.ts';

const READ = ['catalog.read'];
const STEWARD = [
  'catalog.read',
  'catalog.resource.edit',
  // Reaches only the data office's stewards: checked against the DSJJ department (department-directory.ts).
  'catalog.resource.review',
  'catalog.element.manage',
  'catalog.system.manage',
  'catalog.demand.create',
  'catalog.demand.manage',
  // 数据中心: loading reaches the providing department's stewards; reading also the data office's (both scoped).
  'catalog.dataset.load',
  'catalog.dataset.read',
];

export const catalogModule = defineModule({
  name: 'catalog',
  permissions: [
    'catalog.read',
    'catalog.resource.edit',
    'catalog.resource.review',
    'catalog.element.manage',
    'catalog.system.manage',
    'catalog.demand.create',
    'catalog.demand.manage',
    'catalog.dataset.load',
    'catalog.dataset.read',
  ],
  roleGrants: {
    admin: STEWARD,
    data_steward: STEWARD,
    handler: [...READ, 'catalog.demand.create'],
    hotline_agent: READ,
    dispatcher: READ,
    grid_worker: READ,
    inspector: READ,
    reviewer: READ,
    leader: READ,
  },
  migrations: new URL('./migrations/', import.meta.url),
  messages,
  routes(app) {
    registerSystemRoutes(app);
    registerElementRoutes(app);
    registerResourceRoutes(app);
    registerDemandRoutes(app);
    registerDatasetRoutes(app);
  },
  seedDemo: seedDemoCatalog,
});
