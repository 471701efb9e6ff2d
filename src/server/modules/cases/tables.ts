// Kysely types of the cases module's own tables (migrations/0001_cases.sql).
import type { ColumnType, Generated } from 'kysely';
import type { CaseStatus } from './workflow.ts';

type Json = ColumnType<unknown, string, string>;
type Stamp = ColumnType<Date, Date | string, Date | string>;
// Kysely needs nullability inside ColumnType, not outside it.
type StampOrNull = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
// int8 columns are parsed as numbers on both engines (platform/db/connect.ts).
type Bigint = ColumnType<number, number | string, number | string>;
type GeneratedBigint = ColumnType<number, number | string | undefined, number | string>;
type BigintOrNull = ColumnType<number | null, number | string | null | undefined, number | string | null>;

export type Channel = 'phone' | 'web' | 'app' | 'letter' | 'leader' | 'department' | 'grid' | 'open311' | 'sensor';
export type Nature = 'consult' | 'help' | 'complaint' | 'report' | 'suggestion' | 'praise' | 'other';
export type Urgency = 'normal' | 'urgent';
export type Satisfaction = 'satisfied' | 'basically' | 'unsatisfied';
export type PartyRole = 'centre' | 'main' | 'co';
export type CaseRequestKind = 'extension' | 'return' | 'suspension' | 'reopen';

export interface CasesTables {
  case_categories: {
    id: Generated<number>;
    code: string;
    parent_id: number | null;
    level: number;
    kind: 'component' | 'event' | 'hotline';
    name: string;
    name_en: Generated<string>;
    keywords: Generated<string>;
    pinyin_initials: Generated<string>;
    description: Generated<string>;
    concerns_component: Generated<boolean>;
    allow_anonymous: Generated<boolean>;
    attributes: ColumnType<unknown, string | undefined, string>;
    time_limits: ColumnType<unknown, string | null | undefined, string | null>;
    duplicate_group: string | null;
    active: Generated<boolean>;
    sort: Generated<number>;
    version: Generated<number>;
    updated_at: Generated<Date>;
  };
  case_routing_rules: {
    id: Generated<number>;
    category_id: number | null;
    area_prefix: Generated<string>;
    department_id: number;
    level: Generated<'city' | 'district' | 'street'>;
    priority: Generated<number>;
    note: Generated<string>;
    active: Generated<boolean>;
    created_at: Generated<Date>;
    // 0005_config.sql
    version: Generated<number>;
    updated_at: Generated<Date>;
  };
  case_settings: {
    key: string;
    value: Json;
    updated_by: string | null;
    updated_at: Generated<Date>;
  };
  cases: {
    id: GeneratedBigint;
    case_no: string;
    channel: Channel;
    nature: Nature;
    category_id: number | null;
    urgency: Generated<Urgency>;
    title: string;
    description: string;
    status: CaseStatus;
    version: Generated<number>;
    reporter_name: string | null;
    reporter_phone: string | null;
    reporter_id_no: string | null;
    reporter_kind: Generated<'person' | 'enterprise'>;
    anonymous: Generated<boolean>;
    confidential: Generated<boolean>;
    reporter_user_id: number | null;
    address: string | null;
    lat: number | null;
    lng: number | null;
    grid_code: string | null;
    community_code: string | null;
    street_code: string | null;
    district_code: string | null;
    area_code: string | null;
    component_id: string | null;
    attributes: ColumnType<unknown, string | undefined, string>;
    main_department_id: number | null;
    routing_rule_id: number | null;
    routing_reason: string | null;
    master_case_id: BigintOrNull;
    stage_due_at: StampOrNull;
    handle_due_at: StampOrNull;
    paused_since: StampOrNull;
    overdue_level: Generated<number>;
    direct_answer: Generated<boolean>;
    satisfaction: Satisfaction | null;
    solved: boolean | null;
    reopen_count: Generated<number>;
    rework_count: Generated<number>;
    created_by: number | null;
    created_by_name: string | null;
    accepted_at: StampOrNull;
    dispatched_at: StampOrNull;
    handled_at: StampOrNull;
    closed_at: StampOrNull;
    // 0003_workflow.sql
    stage_entered_at: StampOrNull;
    stage_yellow_at: StampOrNull;
    dispatch_level: 'city' | 'district' | 'street' | null;
    result_text: string | null;
    verified_at: StampOrNull;
    revisited_at: StampOrNull;
    // 0004_citizen.sql
    reporter_email: string | null;
    created_at: Generated<Date>;
    updated_at: Generated<Date>;
  };
  case_parties: {
    case_id: Bigint;
    department_id: number;
    department_path: string;
    role: PartyRole;
    active: Generated<boolean>;
    signed_at: StampOrNull;
  };
  case_events: {
    id: GeneratedBigint;
    case_id: Bigint;
    at: Generated<Date>;
    actor_id: number | null;
    actor_name: string;
    action: string;
    from_status: string | null;
    to_status: string | null;
    department_id: number | null;
    public: Generated<boolean>;
    note: string | null;
    data: ColumnType<unknown, string | undefined, string>;
  };
  case_attachments: {
    id: GeneratedBigint;
    case_id: Bigint;
    event_id: BigintOrNull;
    stage: string;
    filename: string;
    mime: string;
    size: number;
    sha256: string;
    content: Uint8Array;
    public: Generated<boolean>;
    created_by: string;
    created_at: Generated<Date>;
  };
  case_requests: {
    id: GeneratedBigint;
    case_id: Bigint;
    kind: CaseRequestKind;
    status: Generated<'pending' | 'approved' | 'refused' | 'withdrawn'>;
    reason: string;
    requested_due_at: StampOrNull;
    requested_by: number | null;
    requested_by_name: string;
    department_id: number | null;
    decided_by_name: string | null;
    decision_reason: string | null;
    decided_at: StampOrNull;
    created_at: Generated<Date>;
  };
  case_timers: {
    id: GeneratedBigint;
    case_id: Bigint;
    kind: string;
    due_at: Stamp;
    fired_at: StampOrNull;
    cancelled_at: StampOrNull;
    data: ColumnType<unknown, string | undefined, string>;
    created_at: Generated<Date>;
  };
  case_knowledge: {
    id: Generated<number>;
    category_id: number | null;
    question: string;
    answer: string;
    keywords: Generated<string>;
    active: Generated<boolean>;
    updated_by: string | null;
    updated_at: Generated<Date>;
    // 0005_config.sql
    version: Generated<number>;
    created_at: Generated<Date>;
  };
}
