import { useQueryClient } from '@tanstack/react-query';
import { App as AntApp, ConfigProvider } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { lazy, Suspense, useEffect } from 'react';
import { BrowserRouter, Route, Routes } from 'react-router';
import { useI18n } from '../i18n/I18nProvider';
import { LoginPage } from '../pages/login/LoginPage';
import { AppLayout } from './AppLayout';
import { AuthProvider } from './auth';
import { PERM } from './permissions';
import { RequireAuth } from './RequireAuth';
import { NotFound } from './StatusPages';
import { theme } from './theme';

const HomePage = lazy(() => import('../pages/home/HomePage'));
const DepartmentsPage = lazy(() => import('../pages/org/DepartmentsPage'));
const UsersPage = lazy(() => import('../pages/org/UsersPage'));
const RolesPage = lazy(() => import('../pages/org/RolesPage'));
const ApiKeysPage = lazy(() => import('../pages/org/ApiKeysPage'));
const AuditPage = lazy(() => import('../pages/audit/AuditPage'));
const AccountPage = lazy(() => import('../pages/account/AccountPage'));
const GridMapPage = lazy(() => import('../pages/geo/GridMapPage'));
const GridImportPage = lazy(() => import('../pages/geo/GridImportPage'));
const AssignmentsPage = lazy(() => import('../pages/geo/AssignmentsPage'));
const DivisionImportPage = lazy(() => import('../pages/geo/DivisionImportPage'));
const ResourcesPage = lazy(() => import('../pages/catalog/ResourcesPage'));
const ResourcePage = lazy(() => import('../pages/catalog/ResourcePage'));
const ResourceWizard = lazy(() => import('../pages/catalog/ResourceWizard'));
const ElementsPage = lazy(() => import('../pages/catalog/ElementsPage'));
const SystemsPage = lazy(() => import('../pages/catalog/SystemsPage'));
const DemandsPage = lazy(() => import('../pages/catalog/DemandsPage'));
const ExchangeRequestsPage = lazy(() => import('../pages/exchange/RequestsPage'));
const ExchangeGrantsPage = lazy(() => import('../pages/exchange/GrantsPage'));
const ExchangeLogPage = lazy(() => import('../pages/exchange/AccessLogPage'));
const CaseIntakePage = lazy(() => import('../pages/cases/IntakePage'));
const CaseListPage = lazy(() => import('../pages/cases/CaseListPage'));
const CaseDispatchPage = lazy(() => import('../pages/cases/DispatchPage'));
const CaseInboxPage = lazy(() => import('../pages/cases/InboxPage'));
const CaseDetailPage = lazy(() => import('../pages/cases/CaseDetailPage'));
const ExchangeRulesPage = lazy(() => import('../pages/exchange/RulesPage'));
const CitizenLayout = lazy(() => import('../pages/cases/citizen/CitizenLayout'));
const CitizenReportPage = lazy(() => import('../pages/cases/citizen/ReportPage'));
const CitizenTrackPage = lazy(() => import('../pages/cases/citizen/TrackPage'));
const CitizenMyCasesPage = lazy(() => import('../pages/cases/citizen/MyCasesPage'));
const GridTasksPage = lazy(() => import('../pages/cases/grid/GridTasksPage'));
const CaseCategoriesPage = lazy(() => import('../pages/cases/config/CategoriesPage'));
const CaseRulesPage = lazy(() => import('../pages/cases/config/RulesPage'));
const CaseSettingsPage = lazy(() => import('../pages/cases/config/SettingsPage'));
const CaseKnowledgePage = lazy(() => import('../pages/cases/config/KnowledgePage'));

function guarded(element: React.ReactNode, permission?: string) {
  return <RequireAuth permission={permission}>{element}</RequireAuth>;
}

export function App() {
  const { locale } = useI18n();
  const queryClient = useQueryClient();

  useEffect(() => {
    dayjs.locale(locale === 'en' ? 'en' : 'zh-cn');
    document.documentElement.lang = locale;
    document.title = locale === 'en' ? 'OneCity' : 'OneCity 一城通办';
    // Server-side texts (error messages, names) follow Accept-Language: fetch them again in the new language.
    queryClient.invalidateQueries();
  }, [locale, queryClient]);

  return (
    <ConfigProvider locale={locale === 'en' ? enUS : zhCN} theme={theme} button={{ autoInsertSpace: false }}>
      <AntApp>
        <BrowserRouter>
          <AuthProvider>
            <Routes>
              <Route path="/login" element={<LoginPage />} />
              {/* Citizens: no account needed, no staff chrome. */}
              <Route
                element={
                  <Suspense fallback={null}>
                    <CitizenLayout />
                  </Suspense>
                }
              >
                <Route path="report" element={<CitizenReportPage />} />
                <Route path="track" element={<CitizenTrackPage />} />
                <Route path="my-cases" element={<CitizenMyCasesPage />} />
                <Route path="my-cases/:id" element={<CitizenMyCasesPage />} />
              </Route>
              <Route element={guarded(<AppLayout />)}>
                <Route index element={<HomePage />} />
                <Route path="org/departments" element={guarded(<DepartmentsPage />, PERM.departmentRead)} />
                <Route path="org/users" element={guarded(<UsersPage />, PERM.userRead)} />
                <Route path="org/roles" element={guarded(<RolesPage />, PERM.roleManage)} />
                <Route path="org/api-keys" element={guarded(<ApiKeysPage />, PERM.apiKeyManage)} />
                <Route path="geo/map" element={guarded(<GridMapPage />, PERM.geoGridRead)} />
                <Route path="geo/import" element={guarded(<GridImportPage />, PERM.geoGridImport)} />
                <Route path="geo/assignments" element={guarded(<AssignmentsPage />, PERM.geoGridAssign)} />
                <Route path="geo/divisions/import" element={guarded(<DivisionImportPage />, PERM.geoDivisionImport)} />
                <Route path="catalog/resources" element={guarded(<ResourcesPage />, PERM.catalogRead)} />
                <Route path="catalog/resources/new" element={guarded(<ResourceWizard />, PERM.catalogResourceEdit)} />
                <Route path="catalog/resources/:code" element={guarded(<ResourcePage />, PERM.catalogRead)} />
                <Route path="catalog/elements" element={guarded(<ElementsPage />, PERM.catalogRead)} />
                <Route path="catalog/systems" element={guarded(<SystemsPage />, PERM.catalogRead)} />
                <Route path="catalog/demands" element={guarded(<DemandsPage />, PERM.catalogRead)} />
                <Route path="exchange/requests" element={guarded(<ExchangeRequestsPage />, PERM.exchangeRequest)} />
                <Route path="exchange/grants" element={guarded(<ExchangeGrantsPage />, PERM.exchangeRequest)} />
                <Route path="exchange/log" element={guarded(<ExchangeLogPage />, PERM.exchangeRequest)} />
                <Route path="exchange/rules" element={guarded(<ExchangeRulesPage />, PERM.exchangeOffice)} />
                <Route path="cases" element={guarded(<CaseListPage />, PERM.caseRead)} />
                <Route path="cases/intake" element={guarded(<CaseIntakePage />, PERM.caseAccept)} />
                <Route path="cases/dispatch" element={guarded(<CaseDispatchPage />, PERM.caseDispatch)} />
                <Route path="cases/inbox" element={guarded(<CaseInboxPage />, PERM.caseHandle)} />
                <Route path="cases/:id" element={guarded(<CaseDetailPage />, PERM.caseRead)} />
                <Route path="grid/tasks" element={guarded(<GridTasksPage />, PERM.caseVerify)} />
                <Route path="admin/cases/categories" element={guarded(<CaseCategoriesPage />, PERM.caseConfigure)} />
                <Route path="admin/cases/rules" element={guarded(<CaseRulesPage />, PERM.caseConfigure)} />
                <Route path="admin/cases/settings" element={guarded(<CaseSettingsPage />, PERM.caseConfigure)} />
                <Route path="admin/cases/knowledge" element={guarded(<CaseKnowledgePage />, PERM.caseConfigure)} />
                <Route path="audit" element={guarded(<AuditPage />, PERM.auditRead)} />
                <Route path="account" element={<AccountPage />} />
                <Route path="*" element={<NotFound />} />
              </Route>
            </Routes>
          </AuthProvider>
        </BrowserRouter>
      </AntApp>
    </ConfigProvider>
  );
}
