// 组织与账号: departments, users with scoped roles, sessions, two-factor login, API keys.
import { defineModule } from '../../platform/module.ts';
import { registerAuthRoutes } from './auth-routes.ts';
import { bootstrapOrg } from './bootstrap.ts';
import { messages } from './messages.ts';
import { registerOrgRoutes } from './org-routes.ts';
import { seedDemoOrg } from './seed-demo.ts';

const READ_DEPARTMENTS = ['org.department.read'];

export const orgModule = defineModule({
  name: 'org',
  permissions: [
    'org.department.read',
    'org.department.manage',
    'org.user.read',
    'org.user.manage',
    'org.user.revealContact',
    'org.role.manage',
    'org.apikey.manage',
  ],
  roleGrants: {
    admin: [
      'org.department.read',
      'org.department.manage',
      'org.user.read',
      'org.user.manage',
      'org.user.revealContact',
      'org.role.manage',
      'org.apikey.manage',
    ],
    hotline_agent: READ_DEPARTMENTS,
    dispatcher: READ_DEPARTMENTS,
    handler: READ_DEPARTMENTS,
    grid_worker: READ_DEPARTMENTS,
    inspector: READ_DEPARTMENTS,
    data_steward: READ_DEPARTMENTS,
    reviewer: READ_DEPARTMENTS,
    leader: [...READ_DEPARTMENTS, 'org.user.read'],
  },
  migrations: new URL('./migrations/', import.meta.url),
  messages,
  routes(app) {
    registerAuthRoutes(app);
    registerOrgRoutes(app);
  },
  bootstrap: bootstrapOrg,
  seedDemo: seedDemoOrg,
});
