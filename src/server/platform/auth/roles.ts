// The roles of DESIGN.md "Access control". Which permissions each role carries is declared by the modules
// that define those permissions (module.ts `roleGrants`), collected here at start-up.
export const ROLES = [
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
] as const;
export type Role = (typeof ROLES)[number];

export function isRole(x: string): x is Role {
  return (ROLES as readonly string[]).includes(x);
}

const rolePermissions = new Map<Role, Set<string>>(ROLES.map((r) => [r, new Set<string>()]));
const allPermissions = new Set<string>();

export function definePermissions(
  permissions: readonly string[],
  roleGrants: Partial<Record<Role, readonly string[]>>,
) {
  for (const p of permissions) allPermissions.add(p);
  for (const [role, perms] of Object.entries(roleGrants) as [Role, readonly string[]][]) {
    for (const p of perms) {
      if (!allPermissions.has(p)) throw new Error(`role ${role} granted undeclared permission ${p}`);
      rolePermissions.get(role)!.add(p);
    }
  }
}

export function permissionsOf(role: Role): ReadonlySet<string> {
  return rolePermissions.get(role) ?? new Set();
}

export function knownPermissions(): string[] {
  return [...allPermissions].sort();
}

export function isPermission(p: string): boolean {
  return allPermissions.has(p);
}
