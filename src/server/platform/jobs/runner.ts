// Runs each module's periodic jobs in the server process: once at start-up (so work that fell due while the
// server was down is done first), then every `everyMs`, never overlapping itself.
import type { FastifyBaseLogger } from 'fastify';
import type { Job, ModuleContext } from '../module.ts';

export interface JobRunner {
  stop(): Promise<void>;
}

export function startJobs(jobs: readonly Job[], ctx: ModuleContext, log: FastifyBaseLogger): JobRunner {
  let stopped = false;
  const running = new Set<Promise<void>>();
  const timers = jobs.map((job) => {
    let busy = false;
    const tick = () => {
      if (busy || stopped) return;
      busy = true;
      const p = job
        .run(ctx)
        .catch((err) => log.error({ err, job: job.name }, 'job failed'))
        .finally(() => {
          busy = false;
          running.delete(p);
        });
      running.add(p);
    };
    tick();
    return setInterval(tick, job.everyMs);
  });
  return {
    async stop() {
      stopped = true;
      timers.forEach(clearInterval);
      await Promise.all(running);
    },
  };
}
