// Concurrent bulk exports per caller (a credential, or a user downloading one grant from the web): at most the
// data office's `exportConcurrency` (exchange_settings, default 2) at once. Counted in this process, like the
// per-credential rate limit: several servers each allow this many. A slot is taken once the export is planned and
// given back when its stream closes — finished, failed or cut off by the client.
import { AppError } from '../../platform/errors.ts';

/** What a refused caller is told to wait (seconds, the Retry-After header): a short export's typical length. */
export const EXPORT_RETRY_AFTER_SECONDS = 10;

const running = new Map<string, number>();

/** Takes a slot for `caller`, or refuses with 429 EXCHANGE_EXPORT_BUSY; the returned release is idempotent. */
export function acquireExportSlot(caller: string, limit: number): () => void {
  const n = running.get(caller) ?? 0;
  if (n >= limit) throw new AppError('EXCHANGE_EXPORT_BUSY', 429, { limit, retryAfter: EXPORT_RETRY_AFTER_SECONDS });
  running.set(caller, n + 1);
  let released = false;
  return () => {
    if (released) return;
    released = true;
    const left = (running.get(caller) ?? 1) - 1;
    if (left > 0) running.set(caller, left);
    else running.delete(caller);
  };
}

/** Exports running for `caller` in this process (for tests and diagnostics). */
export function runningExports(caller: string): number {
  return running.get(caller) ?? 0;
}
