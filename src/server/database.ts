// The database as Kysely sees it: every module's tables, merged. Each module declares its own tables in its
// tables.ts; only that module's repo queries them.
import type { CalendarTables } from './modules/calendar/tables.ts';
import type { CasesTables } from './modules/cases/tables.ts';
import type { CatalogTables } from './modules/catalog/tables.ts';
import type { ExchangeTables } from './modules/exchange/tables.ts';
import type { GeoTables } from './modules/geo/tables.ts';
import type { NotifyTables } from './modules/notify/tables.ts';
import type { OrgTables } from './modules/org/tables.ts';
import type { AuditTables } from './platform/audit/tables.ts';
import type { IdempotencyTables } from './platform/http/idempotency-tables.ts';
import type { OutboxTables } from './platform/outbox/tables.ts';

export interface Database
  extends AuditTables,
    OutboxTables,
    IdempotencyTables,
    OrgTables,
    GeoTables,
    CatalogTables,
    CalendarTables,
    ExchangeTables,
    CasesTables,
    NotifyTables {}
