// Query keys and shared queries, so every page that shows departments or permissions reads one cache.
import { useQuery } from '@tanstack/react-query';
import { orgApi } from './org';

export const queryKeys = {
  departments: ['org', 'departments'] as const,
  users: ['org', 'users'] as const,
  roles: ['org', 'roles'] as const,
  permissions: ['org', 'permissions'] as const,
  apiKeys: ['org', 'api-keys'] as const,
  audit: ['audit'] as const,
  divisions: (parent: string | undefined) => ['geo', 'divisions', parent ?? ''] as const,
};

export function useDepartments(enabled = true) {
  return useQuery({
    queryKey: queryKeys.departments,
    queryFn: async () => (await orgApi.departments()).items,
    enabled,
    staleTime: 60_000,
  });
}

export function usePermissions(enabled = true) {
  return useQuery({
    queryKey: queryKeys.permissions,
    queryFn: async () => (await orgApi.permissions()).items,
    enabled,
    staleTime: 5 * 60_000,
  });
}
