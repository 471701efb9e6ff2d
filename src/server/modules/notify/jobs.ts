// The notify module's periodic jobs: consume the outbox (staff notices, citizen notices, webhooks — each its own
// named consumer, so one failing does not hold back the others) and send what is due.
import type { Config } from '../../config.ts';
import { runConsumer } from '../../platform/outbox/consumer.ts';
import type { Job, ModuleContext } from '../../platform/module.ts';
import { citizenNoticeConsumer } from './citizen-notices.ts';
import { sendDueNotices, sendDueWebhooks } from './deliveries.ts';
import { type Sender, sendersFrom } from './senders.ts';
import { staffNoticeConsumer } from './staff-notices.ts';
import type { DeliveryChannel } from './tables.ts';
import { webhookConsumer } from './webhooks.ts';

/** Runs every notify consumer once to catch up; the first failure is rethrown after the others ran. */
export async function consumeNotifyEvents(ctx: Pick<ModuleContext, 'db' | 'config'>): Promise<void> {
  let failure: unknown;
  for (const c of [staffNoticeConsumer, citizenNoticeConsumer(ctx.config), webhookConsumer]) {
    try {
      await runConsumer(ctx.db, c);
    } catch (err) {
      failure ??= err;
    }
  }
  if (failure) throw failure;
}

const senderCache = new WeakMap<Config, Partial<Record<DeliveryChannel, Sender>>>();

function sendersOf(ctx: ModuleContext) {
  let s = senderCache.get(ctx.config);
  if (!s) {
    s = sendersFrom(ctx.config, (entry, msg) => ctx.out(JSON.stringify({ level: 30, msg, ...entry })));
    senderCache.set(ctx.config, s);
  }
  return s;
}

export const NOTIFY_JOBS: readonly Job[] = [
  { name: 'notify.consume', everyMs: 2000, run: (ctx) => consumeNotifyEvents(ctx) },
  {
    name: 'notify.send',
    everyMs: 5000,
    run: async (ctx) => {
      await sendDueNotices(ctx.db, sendersOf(ctx));
      await sendDueWebhooks(ctx.db, ctx.config);
    },
  },
];
