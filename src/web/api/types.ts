// Shapes of the /api/v1 responses the web app reads (see the API contract in docs/api.md).

export type RoleName =
  | 'admin'
  | 'hotline_agent'
  | 'dispatcher'
  | 'handler'
  | 'grid_worker'
  | 'inspector'
  | 'data_steward'
  | 'reviewer'
  | 'leader'
  | 'citizen';

export const ROLE_NAMES: RoleName[] = [
  'admin',
  'hotline_agent',
  'dispatcher',
  'handler',
  'grid_worker',
  'inspector',
  'data_steward',
  'reviewer',
  'leader',
  'citizen',
];

export interface Grant {
  role: RoleName;
  departmentId: number | null;
  departmentName: string | null;
  areaCode: string | null;
  areaName: string | null;
}

export interface Me {
  id: number;
  username: string;
  displayName: string;
  departmentId: number | null;
  departmentName: string | null;
  mfaEnabled: boolean;
  mfaRequired: boolean;
  permissions: string[];
  grants: Grant[];
}

export type LoginResult =
  | { status: 'ok'; user: Me; csrfToken: string }
  | { status: 'mfa_required'; mfaToken: string }
  | { status: 'mfa_setup_required'; user: Me; csrfToken: string };

export type DepartmentKind = 'city' | 'bureau' | 'section' | 'centre' | 'district';
export const DEPARTMENT_KINDS: DepartmentKind[] = ['city', 'bureau', 'section', 'centre', 'district'];

export interface Department {
  id: number;
  code: string;
  name: string;
  nameEn: string | null;
  parentId: number | null;
  path: string;
  kind: DepartmentKind;
  areaCode: string | null;
  version: number;
  allowedActions: string[];
}

export interface User {
  id: number;
  username: string;
  displayName: string;
  departmentId: number | null;
  departmentName: string | null;
  phone: string | null;
  email: string | null;
  disabled: boolean;
  mfaEnabled: boolean;
  lockedUntil: string | null;
  grants: Grant[];
  version: number;
  allowedActions: string[];
}

export interface GrantInput {
  role: RoleName;
  departmentId?: number | null;
  areaCode?: string | null;
}

export interface RoleItem {
  role: RoleName;
  permissions: string[];
  mfaRequired: boolean;
}

export interface ApiKey {
  id: number;
  name: string;
  prefix: string;
  scopes: string[];
  departmentId: number | null;
  expiresAt: string | null;
  revokedAt: string | null;
  lastUsedAt: string | null;
  createdAt: string;
  areaCode: string | null;
  createdBy: string;
}

export type AuditResult = 'ok' | 'denied' | 'failed';

export interface AuditEntry {
  id: number;
  at: string;
  actorKind: 'user' | 'apikey' | 'system' | 'anonymous';
  actorName: string;
  action: string;
  targetType: string | null;
  targetId: string | null;
  summary: Record<string, unknown> | string | null;
  result: AuditResult;
  ip: string | null;
  requestId: string | null;
  chainSeq: number | null;
}

export interface Division {
  code: string;
  name: string;
  level: 'city' | 'district' | 'street' | 'community';
  parentCode: string | null;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}
