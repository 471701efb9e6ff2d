import type { ColumnType, Generated } from 'kysely';

/** numeric columns arrive as strings (exact decimals); we write numbers or strings. */
type Numeric = ColumnType<string, number | string, number | string>;

export interface CatalogTables {
  catalog_code_lists: {
    id: string;
    name: string;
    name_en: string | null;
    standard: string | null;
    source: string | null;
    created_by: string;
    created_at: Generated<Date>;
  };
  catalog_code_list_items: {
    list_id: string;
    code: string;
    label_zh: string;
    label_en: string | null;
    sort: number;
  };
  catalog_elements: {
    identifier: string;
    version: number;
    name_zh: string;
    name_en: string | null;
    definition: string;
    data_type: 'string' | 'integer' | 'decimal' | 'date' | 'datetime' | 'boolean' | 'code';
    format: string | null;
    domain_kind: 'none' | 'code_list' | 'pattern' | 'range' | 'validator';
    code_list_id: string | null;
    pattern: string | null;
    range_min: Numeric | null;
    range_max: Numeric | null;
    validator: 'id_card' | 'credit_code' | 'org_code' | 'division_code' | 'mobile' | 'date' | null;
    unit: string | null;
    status: 'draft' | 'standard' | 'retired';
    created_by: string;
    created_at: Generated<Date>;
  };
  catalog_resource_counters: {
    classification: string;
    last_seq: number;
  };
  catalog_resources: {
    id: Generated<number>;
    code: string;
    name: string;
    classification: string;
    kind: 'base' | 'theme' | 'department';
    provider_department_id: number;
    provider_path: string;
    summary: string;
    format: 'table' | 'file' | 'api';
    share_type: 'unconditional' | 'conditional' | 'none';
    share_conditions: string | null;
    share_basis: string | null;
    share_method: 'api' | 'table' | 'file' | null;
    openness: 'open' | 'conditional' | 'closed';
    update_cycle: 'realtime' | 'daily' | 'weekly' | 'monthly' | 'quarterly' | 'yearly';
    grade: 'general' | 'important' | 'core';
    related_codes: Generated<string[]>;
    status: 'draft' | 'submitted' | 'published' | 'deprecated';
    status_note: string | null;
    publish_date: ColumnType<string | null, string | null, string | null>;
    submitted_at: Date | null;
    reviewed_by: string | null;
    reviewed_at: Date | null;
    created_by: string;
    version: Generated<number>;
    created_at: Generated<Date>;
    updated_at: Generated<Date>;
  };
  catalog_resource_items: {
    resource_id: number;
    position: number;
    name: string;
    element_identifier: string;
    element_version: number;
    is_key: boolean;
    personal_info: 'none' | 'personal' | 'sensitive';
    example: string | null;
  };
  catalog_systems: {
    id: Generated<number>;
    name: string;
    owner_department_id: number;
    owner_path: string;
    purpose: string;
    users: string;
    hosting: string;
    network: 'gov_extranet' | 'private' | 'internet';
    status: 'planned' | 'running' | 'retired';
    created_by: string;
    version: Generated<number>;
    created_at: Generated<Date>;
    updated_at: Generated<Date>;
  };
  catalog_system_resources: {
    system_id: number;
    resource_id: number;
  };
  catalog_demands: {
    id: Generated<number>;
    requesting_department_id: number;
    requesting_path: string;
    title: string;
    description: string;
    wanted_fields: Generated<string[]>;
    status: 'open' | 'matched' | 'closed';
    matched_codes: Generated<string[]>;
    close_note: string | null;
    closed_by: string | null;
    closed_at: Date | null;
    created_by: string;
    version: Generated<number>;
    created_at: Generated<Date>;
    updated_at: Generated<Date>;
  };
  catalog_datasets: {
    id: Generated<number>;
    resource_id: number;
    columns: string[];
    key_columns: string[];
    /** The dataset table's columns c1 … cN name these 信息项 (migration 0003). */
    stored_columns: Generated<string[]>;
    last_version: Generated<number>;
    created_at: Generated<Date>;
  };
  catalog_dataset_loads: {
    dataset_id: number;
    version: number;
    mode: 'all_or_nothing' | 'accept_valid';
    replace: boolean;
    actor: string;
    started_at: Date;
    finished_at: Date | null;
    row_count: number;
    inserted: number;
    updated: number;
    deleted: number;
    rejected: number;
    status: 'applied' | 'rolled_back' | 'failed';
    quality: ColumnType<unknown, string, string>;
    rolled_back_by: string | null;
    rolled_back_at: Date | null;
    /** The version number the rollback took (migration 0004); null for rollbacks before it. */
    rolled_back_as: Generated<number | null>;
  };
}
