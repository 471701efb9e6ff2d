// 登录: password → (TOTP when enrolled) → session. Failed attempts count towards a lockout and are audited;
// the outcome is returned rather than thrown so the caller commits the bookkeeping before refusing.
import type { Config } from '../../config.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import { dummyPasswordHash, verifyPassword } from '../../platform/auth/password.ts';
import { newCsrfToken, newSessionToken, normaliseRecoveryCode, tokenDigest } from '../../platform/auth/tokens.ts';
import { acceptTotp } from '../../platform/auth/totp.ts';
import { recordAudit } from '../../platform/audit/record.ts';
import type { Tx } from '../../platform/db/tx.ts';
import * as repo from './repo.ts';
import * as sessions from './session-repo.ts';

export interface ClientInfo {
  ip: string;
  userAgent: string | null;
  requestId: string;
}

export type LoginOutcome =
  | { status: 'ok'; userId: number; sessionToken: string; csrfToken: string }
  | { status: 'mfa_required'; mfaToken: string }
  | { status: 'mfa_setup_required'; userId: number; sessionToken: string; csrfToken: string }
  | { status: 'refused'; httpStatus: number; code: string; details: Record<string, unknown> };

const MFA_PENDING_MINUTES = 5;

const asActor = (u: repo.UserRow, c: ClientInfo): Actor => ({
  kind: 'user',
  id: u.id,
  name: u.username,
  grants: [],
  ip: c.ip,
  requestId: c.requestId,
});

async function refuse(
  tx: Tx,
  client: ClientInfo,
  username: string,
  user: repo.UserRow | undefined,
  reason: string,
  httpStatus: number,
  code: string,
  details: Record<string, unknown> = {},
): Promise<LoginOutcome> {
  await recordAudit(
    tx,
    user ? asActor(user, client) : null,
    'auth.login',
    { type: 'user', id: user?.id ?? null },
    { username, reason },
    'failed',
    { ip: client.ip, requestId: client.requestId },
  );
  return { status: 'refused', httpStatus, code, details };
}

/** Counts a failed factor; locks the account once the configured number of failures is reached. */
async function countFailure(tx: Tx, config: Config, user: repo.UserRow): Promise<Date | null> {
  const failures = user.failed_logins + 1;
  const lockedUntil =
    failures >= config.lockout.maxFailures ? new Date(Date.now() + config.lockout.minutes * 60_000) : null;
  await repo.recordLoginOutcome(tx, user.id, lockedUntil ? 0 : failures, lockedUntil);
  return lockedUntil;
}

async function userNeedsMfa(tx: Tx, userId: number): Promise<boolean> {
  const [grants, policies] = await Promise.all([repo.grantsOfUsers(tx, [userId]), repo.listRolePolicies(tx)]);
  const required = new Set(policies.filter((p) => p.mfa_required).map((p) => p.role));
  return grants.some((g) => required.has(g.role));
}

async function openSession(
  tx: Tx,
  config: Config,
  userId: number,
  stage: sessions.SessionRow['stage'],
  client: ClientInfo,
  minutes?: number,
) {
  const token = newSessionToken();
  const csrfToken = newCsrfToken();
  const ttl = minutes ?? config.session.absoluteTimeoutHours * 60;
  await sessions.insertSession(tx, {
    id: tokenDigest(token),
    user_id: userId,
    csrf_token: csrfToken,
    stage,
    expires_at: new Date(Date.now() + ttl * 60_000),
    ip: client.ip,
    user_agent: client.userAgent?.slice(0, 300) ?? null,
  });
  return { token, csrfToken };
}

async function completeLogin(
  tx: Tx,
  config: Config,
  user: repo.UserRow,
  client: ClientInfo,
  factor: string,
): Promise<LoginOutcome> {
  await repo.recordLoginOutcome(tx, user.id, 0, null);
  const stage = !user.totp_enabled_at && (await userNeedsMfa(tx, user.id)) ? 'mfa_setup' : 'active';
  const { token, csrfToken } = await openSession(tx, config, user.id, stage, client);
  await recordAudit(tx, asActor(user, client), 'auth.login', { type: 'user', id: user.id }, { factor, stage }, 'ok');
  return stage === 'active'
    ? { status: 'ok', userId: user.id, sessionToken: token, csrfToken }
    : { status: 'mfa_setup_required', userId: user.id, sessionToken: token, csrfToken };
}

export async function loginWithPassword(
  tx: Tx,
  config: Config,
  input: { username: string; password: string },
  client: ClientInfo,
): Promise<LoginOutcome> {
  const user = await repo.getUserByUsername(tx, input.username, true);
  if (!user) {
    await verifyPassword(await dummyPasswordHash(), input.password);
    return refuse(tx, client, input.username, undefined, 'unknown_user', 401, 'LOGIN_FAILED');
  }
  if (user.locked_until && user.locked_until > new Date()) {
    return refuse(tx, client, input.username, user, 'locked', 429, 'ACCOUNT_LOCKED', {
      until: user.locked_until.toISOString(),
    });
  }
  if (!(await verifyPassword(user.password_hash, input.password))) {
    const lockedUntil = await countFailure(tx, config, user);
    if (lockedUntil) {
      return refuse(tx, client, input.username, user, 'bad_password_locked', 429, 'ACCOUNT_LOCKED', {
        until: lockedUntil.toISOString(),
      });
    }
    return refuse(tx, client, input.username, user, 'bad_password', 401, 'LOGIN_FAILED');
  }
  if (user.disabled) return refuse(tx, client, input.username, user, 'disabled', 401, 'ACCOUNT_DISABLED');
  if (user.totp_enabled_at) {
    const { token } = await openSession(tx, config, user.id, 'mfa_pending', client, MFA_PENDING_MINUTES);
    await recordAudit(
      tx,
      asActor(user, client),
      'auth.login.password',
      { type: 'user', id: user.id },
      { next: 'totp' },
      'ok',
    );
    return { status: 'mfa_required', mfaToken: token };
  }
  return completeLogin(tx, config, user, client, 'password');
}

export async function loginWithSecondFactor(
  tx: Tx,
  config: Config,
  input: { mfaToken: string; code: string },
  client: ClientInfo,
): Promise<LoginOutcome> {
  const pending = await sessions.getSession(tx, tokenDigest(input.mfaToken));
  if (pending?.stage !== 'mfa_pending' || pending.revoked_at || pending.expires_at < new Date()) {
    return { status: 'refused', httpStatus: 401, code: 'MFA_TOKEN_INVALID', details: {} };
  }
  const user = await repo.getUser(tx, pending.user_id, true);
  if (!user || user.disabled) return refuse(tx, client, '', user, 'disabled', 401, 'ACCOUNT_DISABLED');
  if (user.locked_until && user.locked_until > new Date()) {
    return refuse(tx, client, user.username, user, 'locked', 429, 'ACCOUNT_LOCKED', {
      until: user.locked_until.toISOString(),
    });
  }
  let factor = 'totp';
  const step = acceptTotp(user.totp_secret, user.totp_last_step, input.code.trim());
  let ok = step !== null;
  if (ok) await repo.recordTotpStep(tx, user.id, step!);
  if (!ok && /[a-z]/i.test(input.code)) {
    ok = await repo.consumeRecoveryCode(tx, user.id, tokenDigest(normaliseRecoveryCode(input.code)));
    factor = 'recovery_code';
  }
  if (!ok) {
    const lockedUntil = await countFailure(tx, config, user);
    if (lockedUntil) {
      await sessions.revokeSession(tx, pending.id);
      return refuse(tx, client, user.username, user, 'bad_totp_locked', 429, 'ACCOUNT_LOCKED', {
        until: lockedUntil.toISOString(),
      });
    }
    return refuse(tx, client, user.username, user, 'bad_totp', 401, 'MFA_CODE_INVALID');
  }
  await sessions.revokeSession(tx, pending.id);
  return completeLogin(tx, config, user, client, factor);
}

/** A wrong current password on 修改密码 counts like a failed login, so a stolen session cannot guess it. */
export async function recordWrongPassword(tx: Tx, config: Config, userId: number, client: ClientInfo): Promise<void> {
  const user = await repo.getUser(tx, userId, true);
  if (!user) return;
  const lockedUntil = await countFailure(tx, config, user);
  await recordAudit(
    tx,
    asActor(user, client),
    'auth.password.change',
    { type: 'user', id: user.id },
    { reason: lockedUntil ? 'bad_password_locked' : 'bad_password' },
    'failed',
  );
}

export async function logout(tx: Tx, actor: Actor, sessionId: string) {
  await sessions.revokeSession(tx, sessionId);
  await recordAudit(tx, actor, 'auth.logout', { type: 'user', id: actor.id }, {});
}

/** 退出所有设备: every session of the user ends, this one included. */
export async function logoutEverywhere(tx: Tx, actor: Actor) {
  await sessions.revokeUserSessions(tx, actor.id);
  await recordAudit(tx, actor, 'auth.logout_all', { type: 'user', id: actor.id }, {});
}
