import type { ColumnType, Generated } from 'kysely';

export interface OutboxTables {
  outbox: {
    id: Generated<number>;
    type: string;
    payload: ColumnType<unknown, string, string>;
    created_at: Generated<Date>;
    processed_at: Date | null;
  };
}
