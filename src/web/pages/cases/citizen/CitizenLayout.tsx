import { Button, Spin } from 'antd';
import { Suspense } from 'react';
import { Link, NavLink, Outlet, useLocation } from 'react-router';
import { useAuth } from '../../../app/auth';
import { BrandMark } from '../../../components/BrandMark';
import { LanguageSwitch } from '../../../components/LanguageSwitch';
import { useCitizenText } from './texts';
import './citizen.css';

/** The citizen's frame: no staff menu, three big tabs, reachable without an account. */
export default function CitizenLayout() {
  const { t } = useCitizenText();
  const { state } = useAuth();
  const { pathname } = useLocation();
  const signedIn = state.status === 'signedIn';
  return (
    <div className="oc-citizen" data-testid="citizen-layout">
      <header className="oc-citizen-header">
        <div className="oc-citizen-brand">
          <Link to="/report" style={{ display: 'flex', alignItems: 'center', gap: 8 }}>
            <BrandMark size={26} />
            <span>{t('brand')}</span>
          </Link>
          <span style={{ display: 'flex', alignItems: 'center' }}>
            <LanguageSwitch dark />
            {!signedIn && state.status !== 'loading' && (
              <Link to="/login" state={{ from: pathname }}>
                <Button type="text" size="small" data-testid="citizen-login">
                  {t('signIn')}
                </Button>
              </Link>
            )}
          </span>
        </div>
        <nav className="oc-citizen-tabs">
          <NavLink to="/report" data-testid="citizen-tab-report">
            {t('navReport')}
          </NavLink>
          <NavLink to="/track" data-testid="citizen-tab-track">
            {t('navTrack')}
          </NavLink>
          {signedIn && (
            <NavLink to="/my-cases" data-testid="citizen-tab-mine">
              {t('navMine')}
            </NavLink>
          )}
        </nav>
      </header>
      <main className="oc-citizen-main">
        <Suspense fallback={<Spin />}>
          <Outlet />
        </Suspense>
      </main>
    </div>
  );
}
