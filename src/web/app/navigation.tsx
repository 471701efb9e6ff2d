import {
  ApartmentOutlined,
  AuditOutlined,
  CloudServerOutlined,
  CustomerServiceOutlined,
  InboxOutlined,
  SendOutlined,
  UnorderedListOutlined,
  DatabaseOutlined,
  FileProtectOutlined,
  HistoryOutlined,
  SwapOutlined,
  FileSearchOutlined,
  CloudUploadOutlined,
  HomeOutlined,
  GlobalOutlined,
  KeyOutlined,
  NodeIndexOutlined,
  EyeInvisibleOutlined,
  SafetyCertificateOutlined,
  TeamOutlined,
  TagsOutlined,
  UserOutlined,
  UserSwitchOutlined,
} from '@ant-design/icons';
import type { ReactNode } from 'react';
import type { MessageKey } from '../i18n/zh-CN';
import { PERM } from './permissions';

export interface NavEntry {
  key: string;
  path: string;
  label: MessageKey;
  icon: ReactNode;
  testId: string;
  /** Shown only to users holding this permission; undefined means everyone. */
  permission?: string;
  group?: MessageKey;
}

export const NAV_ENTRIES: NavEntry[] = [
  { key: 'home', path: '/', label: 'nav.home', icon: <HomeOutlined />, testId: 'nav-home' },
  {
    key: 'cases-intake',
    path: '/cases/intake',
    label: 'nav.casesIntake',
    icon: <CustomerServiceOutlined />,
    testId: 'nav-cases-intake',
    permission: PERM.caseAccept,
    group: 'nav.groupCases',
  },
  {
    key: 'cases-dispatch',
    path: '/cases/dispatch',
    label: 'nav.casesDispatch',
    icon: <SendOutlined />,
    testId: 'nav-cases-dispatch',
    permission: PERM.caseDispatch,
    group: 'nav.groupCases',
  },
  {
    key: 'cases-inbox',
    path: '/cases/inbox',
    label: 'nav.casesInbox',
    icon: <InboxOutlined />,
    testId: 'nav-cases-inbox',
    permission: PERM.caseHandle,
    group: 'nav.groupCases',
  },
  {
    key: 'cases-list',
    path: '/cases',
    label: 'nav.casesList',
    icon: <UnorderedListOutlined />,
    testId: 'nav-cases-list',
    permission: PERM.caseRead,
    group: 'nav.groupCases',
  },
  {
    key: 'geo-map',
    path: '/geo/map',
    label: 'nav.geoMap',
    icon: <GlobalOutlined />,
    testId: 'nav-geo-map',
    permission: PERM.geoGridRead,
    group: 'nav.groupGeo',
  },
  {
    key: 'geo-import',
    path: '/geo/import',
    label: 'nav.geoImport',
    icon: <CloudUploadOutlined />,
    testId: 'nav-geo-import',
    permission: PERM.geoGridImport,
    group: 'nav.groupGeo',
  },
  {
    key: 'geo-assignments',
    path: '/geo/assignments',
    label: 'nav.geoAssignments',
    icon: <UserSwitchOutlined />,
    testId: 'nav-geo-assignments',
    permission: PERM.geoGridAssign,
    group: 'nav.groupGeo',
  },
  {
    key: 'geo-division-import',
    path: '/geo/divisions/import',
    label: 'nav.geoDivisionImport',
    icon: <NodeIndexOutlined />,
    testId: 'nav-geo-division-import',
    permission: PERM.geoDivisionImport,
    group: 'nav.groupGeo',
  },
  {
    key: 'catalog-resources',
    path: '/catalog/resources',
    label: 'nav.catalogResources',
    icon: <DatabaseOutlined />,
    testId: 'nav-catalog-resources',
    permission: PERM.catalogRead,
    group: 'nav.groupCatalog',
  },
  {
    key: 'catalog-elements',
    path: '/catalog/elements',
    label: 'nav.catalogElements',
    icon: <TagsOutlined />,
    testId: 'nav-catalog-elements',
    permission: PERM.catalogRead,
    group: 'nav.groupCatalog',
  },
  {
    key: 'catalog-systems',
    path: '/catalog/systems',
    label: 'nav.catalogSystems',
    icon: <CloudServerOutlined />,
    testId: 'nav-catalog-systems',
    permission: PERM.catalogRead,
    group: 'nav.groupCatalog',
  },
  {
    key: 'catalog-demands',
    path: '/catalog/demands',
    label: 'nav.catalogDemands',
    icon: <FileSearchOutlined />,
    testId: 'nav-catalog-demands',
    permission: PERM.catalogRead,
    group: 'nav.groupCatalog',
  },
  {
    key: 'exchange-requests',
    path: '/exchange/requests',
    label: 'nav.exchangeRequests',
    icon: <SwapOutlined />,
    testId: 'nav-exchange-requests',
    permission: PERM.exchangeRequest,
    group: 'nav.groupExchange',
  },
  {
    key: 'exchange-grants',
    path: '/exchange/grants',
    label: 'nav.exchangeGrants',
    icon: <FileProtectOutlined />,
    testId: 'nav-exchange-grants',
    permission: PERM.exchangeRequest,
    group: 'nav.groupExchange',
  },
  {
    key: 'exchange-log',
    path: '/exchange/log',
    label: 'nav.exchangeLog',
    icon: <HistoryOutlined />,
    testId: 'nav-exchange-log',
    permission: PERM.exchangeRequest,
    group: 'nav.groupExchange',
  },
  {
    key: 'exchange-rules',
    path: '/exchange/rules',
    label: 'nav.exchangeRules',
    icon: <EyeInvisibleOutlined />,
    testId: 'nav-exchange-rules',
    permission: PERM.exchangeOffice,
    group: 'nav.groupExchange',
  },
  {
    key: 'departments',
    path: '/org/departments',
    label: 'nav.departments',
    icon: <ApartmentOutlined />,
    testId: 'nav-departments',
    permission: PERM.departmentRead,
    group: 'nav.groupOrg',
  },
  {
    key: 'users',
    path: '/org/users',
    label: 'nav.users',
    icon: <TeamOutlined />,
    testId: 'nav-users',
    permission: PERM.userRead,
    group: 'nav.groupOrg',
  },
  {
    key: 'roles',
    path: '/org/roles',
    label: 'nav.roles',
    icon: <SafetyCertificateOutlined />,
    testId: 'nav-roles',
    permission: PERM.roleManage,
    group: 'nav.groupOrg',
  },
  {
    key: 'api-keys',
    path: '/org/api-keys',
    label: 'nav.apiKeys',
    icon: <KeyOutlined />,
    testId: 'nav-api-keys',
    permission: PERM.apiKeyManage,
    group: 'nav.groupOrg',
  },
  {
    key: 'audit',
    path: '/audit',
    label: 'nav.audit',
    icon: <AuditOutlined />,
    testId: 'nav-audit',
    permission: PERM.auditRead,
    group: 'nav.groupSecurity',
  },
  { key: 'account', path: '/account', label: 'nav.account', icon: <UserOutlined />, testId: 'nav-account' },
];

export function visibleEntries(can: (permission: string) => boolean): NavEntry[] {
  return NAV_ENTRIES.filter((entry) => !entry.permission || can(entry.permission));
}

/** The entry whose path is the longest prefix of the current location. */
export function activeEntry(pathname: string): NavEntry | undefined {
  return [...NAV_ENTRIES]
    .sort((a, b) => b.path.length - a.path.length)
    .find((entry) => (entry.path === '/' ? pathname === '/' : pathname.startsWith(entry.path)));
}
