import type { Tx } from '../db/tx.ts';

export interface OutboxEvent {
  type: string;
  [key: string]: unknown;
}

/** Records a domain event in the caller's transaction: it exists exactly when the change it describes does. */
export async function emit(tx: Tx, event: OutboxEvent): Promise<void> {
  const { type, ...payload } = event;
  await tx
    .insertInto('outbox')
    .values({ type, payload: JSON.stringify(payload) })
    .execute();
}
