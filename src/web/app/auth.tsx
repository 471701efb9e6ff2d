import { useQueryClient } from '@tanstack/react-query';
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { authApi } from '../api/auth';
import { ApiError, setCsrfToken, setUnauthorizedHandler } from '../api/client';
import type { Me } from '../api/types';

/**
 * `signedOut` means the user chose to leave: the next sign-in starts at home. Otherwise (`expired`: no session
 * on load, or a 401 mid-way) the sign-in page returns the user to the page they were on.
 */
type AuthState =
  | { status: 'loading' }
  | { status: 'anonymous'; reason: 'expired' | 'signedOut' }
  | { status: 'signedIn'; me: Me };

interface AuthValue {
  state: AuthState;
  /** The signed-in user; only call inside routes guarded by <RequireAuth>. */
  me: Me | null;
  signedIn: (user: Me, csrfToken: string) => void;
  refresh: () => Promise<void>;
  logout: (everywhere?: boolean) => Promise<void>;
  can: (permission: string) => boolean;
}

const AuthContext = createContext<AuthValue | null>(null);

/**
 * A session whose role requires two-step verification but whose user has not enrolled yet may only
 * enrol (the server answered `mfa_setup_required`); the app shows the enrolment step until it is done.
 */
export function needsMfaSetup(me: Me): boolean {
  return me.mfaRequired && !me.mfaEnabled;
}

/** A citizen account (its only role is citizen): no staff pages, it lives on 我的诉求 (/my-cases). */
export function isCitizenOnly(me: Me): boolean {
  return me.grants.length > 0 && me.grants.every((g) => g.role === 'citizen');
}

export function AuthProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<AuthState>({ status: 'loading' });
  const queryClient = useQueryClient();

  const becomeAnonymous = useCallback(
    (reason: 'expired' | 'signedOut' = 'expired') => {
      setCsrfToken(null);
      queryClient.clear();
      setState({ status: 'anonymous', reason });
    },
    [queryClient],
  );

  const refresh = useCallback(async () => {
    try {
      const { user, csrfToken } = await authApi.me();
      setCsrfToken(csrfToken);
      setState({ status: 'signedIn', me: user });
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) becomeAnonymous();
      else throw error;
    }
  }, [becomeAnonymous]);

  useEffect(() => {
    setUnauthorizedHandler(() => becomeAnonymous('expired'));
    refresh().catch(() => setState({ status: 'anonymous', reason: 'expired' }));
    return () => setUnauthorizedHandler(null);
  }, [becomeAnonymous, refresh]);

  const signedIn = useCallback(
    (user: Me, csrfToken: string) => {
      setCsrfToken(csrfToken);
      queryClient.clear();
      setState({ status: 'signedIn', me: user });
    },
    [queryClient],
  );

  const logout = useCallback(
    async (everywhere = false) => {
      try {
        await (everywhere ? authApi.logoutAll() : authApi.logout());
      } finally {
        becomeAnonymous('signedOut');
      }
    },
    [becomeAnonymous],
  );

  const value = useMemo<AuthValue>(() => {
    const me = state.status === 'signedIn' ? state.me : null;
    const permissions = new Set(me?.permissions ?? []);
    return { state, me, signedIn, refresh, logout, can: (p) => permissions.has(p) };
  }, [state, signedIn, refresh, logout]);

  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthValue {
  const value = useContext(AuthContext);
  if (!value) throw new Error('useAuth must be used inside <AuthProvider>');
  return value;
}

/** The signed-in user, for pages rendered behind <RequireAuth>. */
export function useMe(): Me {
  const { me } = useAuth();
  if (!me) throw new Error('useMe used outside a signed-in route');
  return me;
}
