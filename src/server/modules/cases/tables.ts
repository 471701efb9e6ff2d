// Kysely types of the cases module's own tables (migrations/0001_cases.sql).
import type { ColumnType, Generated } from 'kysely';
import type { CaseStatus } from './workflow.ts';

type Json = ColumnType<unknown, string, string>;
type Stamp = ColumnType<Date, Date | string | undefined, Date | string>;
// int8 columns are parsed as numbers on both engines (platform/db/connect.ts).
type Bigint = ColumnType<number, number | string, number | string>;

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
    updated_at: Generated<Stamp>;
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
    created_at: Generated<Stamp>;
  };
  case_settings: {
    key: string;
    value: Json;
    updated_by: string | null;
    updated_at: Generated<Stamp>;
  };
  cases: {
    id: Generated<Bigint>;
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
    master_case_id: Bigint | null;
    stage_due_at: Stamp | null;
    handle_due_at: Stamp | null;
    paused_since: Stamp | null;
    overdue_level: Generated<number>;
    direct_answer: Generated<boolean>;
    satisfaction: Satisfaction | null;
    solved: boolean | null;
    reopen_count: Generated<number>;
    rework_count: Generated<number>;
    created_by: number | null;
    created_by_name: string | null;
    accepted_at: Stamp | null;
    dispatched_at: Stamp | null;
    handled_at: Stamp | null;
    closed_at: Stamp | null;
    created_at: Generated<Stamp>;
    updated_at: Generated<Stamp>;
  };
  case_parties: {
    case_id: Bigint;
    department_id: number;
    department_path: string;
    role: PartyRole;
    active: Generated<boolean>;
    signed_at: Stamp | null;
  };
  case_events: {
    id: Generated<Bigint>;
    case_id: Bigint;
    at: Generated<Stamp>;
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
    id: Generated<Bigint>;
    case_id: Bigint;
    event_id: Bigint | null;
    stage: string;
    filename: string;
    mime: string;
    size: number;
    sha256: string;
    content: Uint8Array;
    public: Generated<boolean>;
    created_by: string;
    created_at: Generated<Stamp>;
  };
  case_requests: {
    id: Generated<Bigint>;
    case_id: Bigint;
    kind: CaseRequestKind;
    status: Generated<'pending' | 'approved' | 'refused' | 'withdrawn'>;
    reason: string;
    requested_due_at: Stamp | null;
    requested_by: number | null;
    requested_by_name: string;
    department_id: number | null;
    decided_by_name: string | null;
    decision_reason: string | null;
    decided_at: Stamp | null;
    created_at: Generated<Stamp>;
  };
  case_timers: {
    id: Generated<Bigint>;
    case_id: Bigint;
    kind: string;
    due_at: Stamp;
    fired_at: Stamp | null;
    cancelled_at: Stamp | null;
    data: ColumnType<unknown, string | undefined, string>;
    created_at: Generated<Stamp>;
  };
  case_knowledge: {
    id: Generated<number>;
    category_id: number | null;
    question: string;
    answer: string;
    keywords: Generated<string>;
    active: Generated<boolean>;
    updated_by: string | null;
    updated_at: Generated<Stamp>;
  };
}
