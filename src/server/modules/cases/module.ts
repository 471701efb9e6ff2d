// 一号对外、集中受理: the cases module — one queue for every citizen request, whatever the channel (hotline, web,
// app, grid worker, Open311), routed to the responsible department and handled on the working-day clock through
// the 数字城管 case loop (workflow.ts), verified, closed and rated by the citizen.
//
// Files (who owns what inside the module):
//   workflow.ts        the state machine as data (statuses, transitions, permissions)
//   categories*.ts, routing-rules*.ts, settings.ts, knowledge*.ts   configuration as data (admins edit it)
//   intake*.ts, routing.ts, duplicates.ts, case-query*.ts           filing, routing, duplicates, lists, detail
//   transitions*.ts, clock.ts, timers.ts                             the loop, deadlines, durable timers
//   citizen*.ts                                                      tracking, rating, reopen for citizens
import { defineModule } from '../../platform/module.ts';
import { registerConfigRoutes } from './config-routes.ts';
import { registerIntakeRoutes } from './intake-routes.ts';
import { messages } from './messages.ts';
import { registerWorkflowRoutes } from './workflow-routes.ts';
import { registerCitizenRoutes } from './citizen-routes.ts';
import { bootstrapCases } from './bootstrap.ts';
import { seedCasesDemo } from './seed-demo.ts';
import { CASE_JOBS } from './timers.ts';
import { CASE_PERMISSIONS } from './workflow.ts';

export const casesModule = defineModule({
  name: 'cases',
  permissions: CASE_PERMISSIONS,
  // Every grant is scoped (DESIGN "Access control"): agents and dispatchers to the 12345 centre (which takes part
  // in every case as its 'centre' party), handlers to their department (main or co-handling party), grid workers
  // to their area. Citizens reach only their own cases through case.report.
  roleGrants: {
    admin: CASE_PERMISSIONS,
    hotline_agent: ['case.create', 'case.read', 'case.accept', 'case.revisit', 'case.reveal', 'case.export'],
    dispatcher: [
      'case.read',
      'case.accept',
      'case.register',
      'case.dispatch',
      'case.close',
      'case.supervise',
      'case.export',
    ],
    handler: ['case.read', 'case.handle', 'case.export'],
    grid_worker: ['case.create', 'case.read', 'case.verify'],
    leader: ['case.read', 'case.export'],
    citizen: ['case.report'],
  },
  migrations: new URL('./migrations/', import.meta.url),
  messages,
  routes: async (app, ctx) => {
    await registerConfigRoutes(app, ctx);
    await registerIntakeRoutes(app, ctx);
    await registerWorkflowRoutes(app, ctx);
    await registerCitizenRoutes(app, ctx);
  },
  bootstrap: bootstrapCases,
  // Demo routing rules name demo departments: after every module's demo seed.
  seedDemoLinks: seedCasesDemo,
  jobs: CASE_JOBS,
});
