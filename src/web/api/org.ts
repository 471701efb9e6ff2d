import { api } from './client';
import type { ApiKey, Department, DepartmentKind, GrantInput, Page, RoleItem, User } from './types';

export interface DepartmentCreate {
  code: string;
  name: string;
  nameEn?: string;
  parentId: number;
  kind: DepartmentKind;
  areaCode?: string;
}

export interface DepartmentPatch {
  name?: string;
  nameEn?: string;
  kind?: DepartmentKind;
  areaCode?: string | null;
  version: number;
}

export interface UserFilter {
  q?: string;
  departmentId?: number;
  role?: string;
}

export interface UserCreate {
  username: string;
  displayName: string;
  password: string;
  departmentId: number;
  phone?: string;
  email?: string;
  grants: GrantInput[];
}

export interface UserPatch {
  displayName?: string;
  departmentId?: number;
  phone?: string;
  email?: string;
  disabled?: boolean;
  grants?: GrantInput[];
  version: number;
}

export interface ApiKeyCreate {
  name: string;
  scopes: string[];
  expiresAt?: string;
  departmentId?: number;
}

export const orgApi = {
  departments: () => api.get<{ items: Department[] }>('/org/departments'),
  createDepartment: (input: DepartmentCreate) => api.post<Department>('/org/departments', input),
  updateDepartment: (id: number, patch: DepartmentPatch) => api.patch<Department>(`/org/departments/${id}`, patch),

  users: (filter: UserFilter, cursor: string | null, limit = 50) =>
    api.get<Page<User>>('/org/users', { ...filter, limit, cursor }),
  createUser: (input: UserCreate) => api.post<User>('/org/users', input),
  updateUser: (id: number, patch: UserPatch) => api.patch<User>(`/org/users/${id}`, patch),
  resetPassword: (id: number, password: string) => api.post<void>(`/org/users/${id}/reset-password`, { password }),
  unlockUser: (id: number) => api.post<void>(`/org/users/${id}/unlock`),
  /** The unmasked phone and email; the server records every reveal in the audit log. */
  revealContact: (id: number) =>
    api.post<{ phone: string | null; email: string | null }>(`/org/users/${id}/reveal-contact`),

  roles: () => api.get<{ items: RoleItem[] }>('/org/roles'),
  updateRole: (role: string, mfaRequired: boolean) => api.patch<RoleItem>(`/org/roles/${role}`, { mfaRequired }),
  permissions: () => api.get<{ items: string[] }>('/org/permissions'),

  apiKeys: () => api.get<{ items: ApiKey[] }>('/org/api-keys'),
  createApiKey: (input: ApiKeyCreate) => api.post<{ apiKey: ApiKey; key: string }>('/org/api-keys', input),
  revokeApiKey: (id: number) => api.post<ApiKey>(`/org/api-keys/${id}/revoke`),
};
