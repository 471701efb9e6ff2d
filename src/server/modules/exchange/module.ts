// 共享交换: access requests, grants with their credentials, the exchange API and its hash-chained access log.
import { defineModule } from '../../platform/module.ts';
import { sealAccessLog } from './access-log.ts';
import { escalateOverdueRequests } from './escalation.ts';
import { messages } from './messages.ts';
import { registerExchangeRoutes } from './routes.ts';
import { seedExchangeDemo } from './seed-demo.ts';

const PERMISSIONS = ['exchange.request', 'exchange.decide', 'exchange.office'] as const;

export const exchangeModule = defineModule({
  name: 'exchange',
  permissions: PERMISSIONS,
  // All scoped: request for the steward's own department, decide for resources it provides, office only when the
  // scope reaches the data office (DSJJ).
  roleGrants: { admin: PERMISSIONS, data_steward: PERMISSIONS },
  migrations: new URL('./migrations/', import.meta.url),
  messages,
  routes: registerExchangeRoutes,
  seedDemoLinks: seedExchangeDemo,
  jobs: [
    { name: 'exchange.seal', everyMs: 1000, run: ({ db }) => sealAccessLog(db).then(() => {}) },
    // 督办: deadlines are working-day ends, so a minute's delay is nothing; runs at start-up too.
    { name: 'exchange.escalate', everyMs: 60_000, run: ({ db }) => escalateOverdueRequests(db).then(() => {}) },
  ],
});
