// Kysely types of the notify module's tables (migrations/0001_notify.sql).
import type { ColumnType, Generated } from 'kysely';

type Json = ColumnType<unknown, string | undefined, string>;
type Bigint = ColumnType<number, number | string, number | string>;
type GeneratedBigint = ColumnType<number, number | string | undefined, number | string>;
type BigintOrNull = ColumnType<number | null, number | string | null | undefined, number | string | null>;
type StampOrNull = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
type StampDefault = ColumnType<Date, Date | string | undefined, Date | string>;

export type DeliveryChannel = 'sms' | 'email';

export interface NotifyTables {
  notifications: {
    id: GeneratedBigint;
    user_id: number;
    kind: string;
    case_id: BigintOrNull;
    case_no: string | null;
    title: string;
    body: Generated<string>;
    data: Json;
    event_id: Bigint;
    created_at: Generated<Date>;
    read_at: StampOrNull;
  };
  notification_deliveries: {
    id: GeneratedBigint;
    channel: DeliveryChannel;
    template: string;
    recipient: string | null;
    recipient_masked: string;
    case_id: BigintOrNull;
    case_no: string | null;
    subject: Generated<string>;
    message: string;
    event_id: Bigint;
    status: Generated<'pending' | 'sent' | 'failed'>;
    attempts: Generated<number>;
    next_attempt_at: StampDefault;
    last_error: string | null;
    created_at: Generated<Date>;
    sent_at: StampOrNull;
  };
  webhook_subscriptions: {
    id: Generated<number>;
    name: string;
    url: string;
    secret: string;
    event_types: string[];
    active: Generated<boolean>;
    version: Generated<number>;
    created_by: string;
    created_at: Generated<Date>;
    updated_at: Generated<Date>;
  };
  webhook_deliveries: {
    id: GeneratedBigint;
    subscription_id: number;
    delivery_id: string;
    event_id: Bigint;
    event_type: string;
    body: string;
    status: Generated<'pending' | 'delivered' | 'failed'>;
    attempts: Generated<number>;
    next_attempt_at: StampDefault;
    last_status: number | null;
    last_error: string | null;
    created_at: Generated<Date>;
    delivered_at: StampOrNull;
  };
}
