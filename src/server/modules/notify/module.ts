// notify: in-app notices to staff, SMS / e-mail notices to citizens, signed webhooks to other city systems — all
// driven by outbox consumers (platform/outbox/consumer.ts), sent with retries by the module's jobs.
import { defineModule } from '../../platform/module.ts';
import { NOTIFY_JOBS } from './jobs.ts';
import { messages } from './messages.ts';
import { registerNotifyRoutes } from './routes.ts';

const PERMISSIONS = ['notify.webhooks.manage'] as const;

export const notifyModule = defineModule({
  name: 'notify',
  permissions: PERMISSIONS,
  // Everyone signed in reads their own notifications (no permission needed); webhooks are a city-wide setting.
  roleGrants: { admin: PERMISSIONS },
  migrations: new URL('./migrations/', import.meta.url),
  messages,
  routes: registerNotifyRoutes,
  jobs: NOTIFY_JOBS,
});
