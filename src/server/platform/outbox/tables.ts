import type { ColumnType, Generated } from 'kysely';

export interface OutboxTables {
  outbox: {
    id: Generated<number>;
    type: string;
    payload: ColumnType<unknown, string, string>;
    created_at: Generated<Date>;
    processed_at: Date | null;
    /** The writing transaction (xid8 as text): consumers read only rows no running transaction can precede. */
    txid: Generated<string>;
  };
  outbox_consumers: {
    name: string;
    last_txid: Generated<string>;
    last_id: Generated<number>;
    handled: Generated<number>;
    updated_at: Generated<Date>;
    last_error: string | null;
    failed_at: Date | null;
  };
}
