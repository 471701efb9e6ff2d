// Kysely types of the platform's idempotency table (idempotency-migrations/0001_idempotency_keys.sql).
import type { ColumnType, Generated } from 'kysely';

export interface IdempotencyTables {
  idempotency_keys: {
    scope: string;
    key: string;
    request_hash: string;
    response_status: Generated<number>;
    response_body: string | null;
    created_at: Generated<Date>;
    expires_at: ColumnType<Date, Date | string, Date | string>;
  };
}
