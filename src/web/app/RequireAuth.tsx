import { Spin } from 'antd';
import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { needsMfaSetup, useAuth } from './auth';
import { Forbidden } from './StatusPages';

/** Renders its children only for a signed-in user (holding `permission`, when given); otherwise redirects. */
export function RequireAuth({ children, permission }: { children: ReactNode; permission?: string }) {
  const { state, can } = useAuth();
  const location = useLocation();
  if (state.status === 'loading') {
    return (
      <div className="oc-center" style={{ minHeight: '100vh' }}>
        <Spin size="large" />
      </div>
    );
  }
  if (state.status === 'anonymous' && state.reason === 'signedOut') return <Navigate to="/login" replace />;
  if (state.status === 'anonymous' || needsMfaSetup(state.me)) {
    return <Navigate to="/login" replace state={{ from: location.pathname + location.search }} />;
  }
  if (permission && !can(permission)) return <Forbidden />;
  return <>{children}</>;
}
