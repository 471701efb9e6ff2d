import { api } from './client';
import type { LoginResult, Me } from './types';

export const authApi = {
  me: () => api.get<{ user: Me; csrfToken: string }>('/auth/me', undefined, { expectUnauthorized: true }),
  login: (username: string, password: string) =>
    api.post<LoginResult>('/auth/login', { username, password }, { expectUnauthorized: true }),
  loginTotp: (mfaToken: string, code: string) =>
    api.post<LoginResult>('/auth/login/totp', { mfaToken, code }, { expectUnauthorized: true }),
  logout: () => api.post<void>('/auth/logout', undefined, { expectUnauthorized: true }),
  logoutAll: () => api.post<void>('/auth/logout-all', undefined, { expectUnauthorized: true }),
  changePassword: (currentPassword: string, newPassword: string) =>
    api.post<void>('/auth/password', { currentPassword, newPassword }),
  totpSetup: () => api.post<{ secret: string; otpauthUrl: string }>('/auth/totp/setup'),
  totpEnable: (code: string) => api.post<{ recoveryCodes: string[] }>('/auth/totp/enable', { code }),
  totpDisable: (code: string) => api.post<void>('/auth/totp/disable', { code }),
};
