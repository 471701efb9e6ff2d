// Permission names the web app checks to decide what to show. The server is the authority: it
// refuses anything these checks let through by mistake; hiding only spares users dead ends.
export const PERM = {
  departmentRead: 'org.department.read',
  departmentManage: 'org.department.manage',
  userRead: 'org.user.read',
  userManage: 'org.user.manage',
  userRevealContact: 'org.user.revealContact',
  roleManage: 'org.role.manage',
  apiKeyManage: 'org.apikey.manage',
  auditRead: 'audit.read',
  auditExport: 'audit.export',
  geoGridRead: 'geo.grid.read',
  geoLocate: 'geo.locate',
  geoGridImport: 'geo.grid.import',
  geoGridExport: 'geo.grid.export',
  geoGridAssign: 'geo.grid.assign',
  geoDivisionImport: 'geo.division.import',
  catalogRead: 'catalog.read',
  catalogResourceEdit: 'catalog.resource.edit',
  catalogResourceReview: 'catalog.resource.review',
} as const;
