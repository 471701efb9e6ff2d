// The CLI commands that work on the database: migrate, seed, user, apikey, audit. They are defined once and
// run either in this process or — when a server owns the embedded data directory — inside that server.
import { type Command, CommanderError, Option } from 'commander';
import type { Actor } from '../platform/auth/actor.ts';
import { ROLES } from '../platform/auth/roles.ts';
import { sealAuditLog } from '../platform/audit/seal.ts';
import { verifyAuditChain } from '../platform/audit/verify.ts';
import type { CommandIo } from '../platform/cli/control.ts';
import { createProgress } from '../platform/cli/progress.ts';
import { AppError } from '../platform/errors.ts';
import { translate } from '../platform/i18n/messages.ts';
import type { ModuleContext } from '../platform/module.ts';
import { sealAccessLog, verifyAccessLog } from '../modules/exchange/access-log.ts';
import * as apiKeys from '../modules/org/api-keys.ts';
import { generatePassword } from '../modules/org/bootstrap.ts';
import * as orgRepo from '../modules/org/repo.ts';
import * as users from '../modules/org/users.ts';
import { bootstrapModules, migrateAll, printDemoAccounts, type Runtime, seedDemo } from './runtime.ts';

/** How a command gets the database: opened here, or the running server's. */
/** Resolves when the command is done; the command's exit code is kept by whoever provides the runtime. */
export type WithRuntime = (fn: (rt: Runtime) => Promise<number>) => Promise<void>;

const CLI_ACTOR: Actor = { kind: 'system', id: 0, name: 'cli', grants: [] };

function explain(e: unknown): string {
  if (e instanceof AppError) return `${e.code}: ${translate(e.code, 'zh-CN', e.details)} ${JSON.stringify(e.details)}`;
  return (e as Error).message;
}

/** "role", "role:DEPTCODE", "role@320508" or "role:DEPTCODE@320508" → a grant. */
function parseGrant(spec: string): { role: string; deptCode?: string; areaCode?: string } {
  const m = /^([a-z_]+)(?::([A-Za-z0-9_-]+))?(?:@(\d{6,12}))?$/.exec(spec);
  if (!m) throw new Error(`bad --role "${spec}": use role, role:DEPTCODE, role@AREA or role:DEPTCODE@AREA`);
  return { role: m[1], deptCode: m[2], areaCode: m[3] };
}

export function addDatabaseCommands(program: Command, io: CommandIo, withRuntime: WithRuntime) {
  const ctxOf = (rt: Runtime): ModuleContext => ({ db: rt.db, config: rt.config, out: io.out });
  const progress = () => createProgress(io.progressStream);

  program
    .command('migrate')
    .description('应用数据库迁移 / apply pending database migrations and stop')
    .action(() =>
      withRuntime(async (rt) => {
        const applied = await migrateAll(rt, progress());
        io.out(
          applied.length
            ? `已应用 ${applied.length} 个迁移 / applied ${applied.length} migrations`
            : '数据库已是最新 / database is up to date',
        );
        return 0;
      }),
    );

  program
    .command('seed')
    .description('写入演示城市数据 / seed the demo city (A市 = 苏州市) and print the demo accounts')
    .requiredOption('--demo', 'seed the demo city')
    .action(() =>
      withRuntime(async (rt) => {
        await migrateAll(rt, progress());
        await bootstrapModules(ctxOf(rt));
        const accounts = await seedDemo(ctxOf(rt), progress());
        printDemoAccounts(io.out, accounts);
        return 0;
      }),
    );

  const user = program.command('user').description('管理用户 / manage user accounts');
  user
    .command('create <username>')
    .description('新建用户 / create a user (prints a generated password unless --password is given)')
    .requiredOption('--name <displayName>', 'display name (姓名)')
    .option('--password <password>', 'initial password (default: generated and printed once)')
    .option('--department <code>', 'department code')
    .option('--role <spec...>', `grant(s): role[:DEPTCODE][@AREA]; roles: ${ROLES.join(', ')}`, [])
    .action((username: string, o: { name: string; password?: string; department?: string; role: string[] }) =>
      withRuntime(async (rt) => {
        const password = o.password ?? generatePassword();
        const created = await rt.db.transaction().execute(async (tx) => {
          const dept = o.department ? await orgRepo.getDepartmentByCode(tx, o.department) : undefined;
          if (o.department && !dept) throw new Error(`unknown department code ${o.department}`);
          const grants = [];
          for (const spec of o.role) {
            const g = parseGrant(spec);
            const scope = g.deptCode ? await orgRepo.getDepartmentByCode(tx, g.deptCode) : undefined;
            if (g.deptCode && !scope) throw new Error(`unknown department code ${g.deptCode}`);
            grants.push({ role: g.role, departmentId: scope?.id ?? null, areaCode: g.areaCode ?? null });
          }
          return users.createUser(tx, rt.config, CLI_ACTOR, {
            username,
            displayName: o.name,
            password,
            departmentId: dept?.id ?? null,
            grants,
          });
        });
        io.out(`已创建用户 / created user ${created.username} (id ${created.id})`);
        if (!o.password) io.out(`初始密码 / initial password: ${password}`);
        return 0;
      }),
    );
  user
    .command('reset-password <username>')
    .description('重置密码并结束其所有会话 / reset a password and end all of the user’s sessions')
    .option('--password <password>', 'new password (default: generated and printed once)')
    .action((username: string, o: { password?: string }) =>
      withRuntime(async (rt) => {
        const password = o.password ?? generatePassword();
        await rt.db.transaction().execute(async (tx) => {
          const u = await orgRepo.getUserByUsername(tx, username);
          if (!u) throw new Error(`no user ${username}`);
          await users.resetPassword(tx, rt.config, CLI_ACTOR, u.id, password);
          await users.unlockUser(tx, CLI_ACTOR, u.id);
        });
        io.out(`已重置 / password reset for ${username}`);
        if (!o.password) io.out(`新密码 / new password: ${password}`);
        return 0;
      }),
    );
  user
    .command('disable <username>')
    .description('停用用户（立即生效） / disable a user; their sessions end at once')
    .action((username: string) =>
      withRuntime(async (rt) => {
        await rt.db.transaction().execute(async (tx) => {
          const u = await orgRepo.getUserByUsername(tx, username);
          if (!u) throw new Error(`no user ${username}`);
          await users.updateUser(tx, CLI_ACTOR, u.id, { disabled: true, version: u.version });
        });
        io.out(`已停用 / disabled ${username}`);
        return 0;
      }),
    );

  const apikey = program.command('apikey').description('管理 API 密钥 / manage API keys for machine clients');
  apikey
    .command('create')
    .description('新建 API 密钥；最后一行只输出密钥本身 / create a key; the key alone is printed on the last line')
    .requiredOption('--name <name>', 'what the key is for, e.g. the app’s name')
    .requiredOption('--scope <scope...>', 'permission names or scope bundles (e.g. open311)')
    .option('--expires <date>', 'expiry (ISO date/time)')
    .action((o: { name: string; scope: string[]; expires?: string }) =>
      withRuntime(async (rt) => {
        const created = await rt.db
          .transaction()
          .execute((tx) =>
            apiKeys.createApiKey(tx, CLI_ACTOR, { name: o.name, scopes: o.scope, expiresAt: o.expires ?? null }),
          );
        io.out(
          `已创建 API 密钥 / created API key #${created.apiKey.id} "${created.apiKey.name}" scopes=${created.apiKey.scopes.join(',')}${created.apiKey.expiresAt ? ` expires=${created.apiKey.expiresAt}` : ''}`,
        );
        io.out('密钥只显示这一次 / the key is shown only once:');
        io.out(created.key);
        return 0;
      }),
    );
  apikey
    .command('list')
    .description('列出 API 密钥 / list API keys')
    .action(() =>
      withRuntime(async (rt) => {
        const keys = await rt.db.transaction().execute((tx) => apiKeys.listApiKeys(tx, CLI_ACTOR));
        if (keys.length === 0) io.out('（无 / none）');
        for (const k of keys) {
          const state = k.revokedAt
            ? 'revoked'
            : k.expiresAt && new Date(k.expiresAt) <= new Date()
              ? 'expired'
              : 'active';
          io.out(
            `${String(k.id).padStart(4)}  ${k.prefix}…  ${state.padEnd(8)} ${k.name}  [${k.scopes.join(',')}]  expires=${k.expiresAt ?? '-'}  lastUsed=${k.lastUsedAt ?? '-'}`,
          );
        }
        return 0;
      }),
    );
  apikey
    .command('revoke <id>')
    .description('吊销 API 密钥（立即生效） / revoke an API key, effective immediately')
    .action((id: string) =>
      withRuntime(async (rt) => {
        const n = Number(id);
        if (!Number.isSafeInteger(n) || n < 1) throw new Error(`bad key id ${id}`);
        const k = await rt.db.transaction().execute((tx) => apiKeys.revokeApiKey(tx, CLI_ACTOR, n));
        io.out(`已吊销 / revoked API key #${k.id} "${k.name}"`);
        return 0;
      }),
    );

  const audit = program.command('audit').description('审计日志 / audit log');
  audit
    .command('verify')
    .description('校验审计日志哈希链 / verify the audit hash chain; exit 0 only when intact')
    .action(() =>
      withRuntime(async (rt) => {
        await sealAuditLog(rt.db);
        const result = await verifyAuditChain(rt.db);
        if (result.ok) {
          io.out(`审计日志完整 / audit chain intact: ${result.checked} records verified`);
          return 0;
        }
        io.err(`审计日志被篡改 / audit chain BROKEN after ${result.checked} good records`);
        if (result.firstBad) {
          io.err(
            `  record id=${result.firstBad.id ?? '?'} chain_seq=${result.firstBad.chainSeq ?? '?'} problem=${result.firstBad.problem}`,
          );
          io.err(`  ${result.firstBad.message['zh-CN']}`);
          io.err(`  ${result.firstBad.message.en}`);
        }
        return 3;
      }),
    );

  const exchange = program.command('exchange').description('共享交换 / data exchange');
  exchange
    .command('verify-log')
    .description('校验交换调用日志哈希链 / verify the exchange access-log hash chain; exit 0 only when intact')
    .action(() =>
      withRuntime(async (rt) => {
        await sealAccessLog(rt.db);
        const result = await verifyAccessLog(rt.db);
        if (result.ok) {
          io.out(`交换调用日志完整 / access log intact: ${result.checked} records verified`);
          return 0;
        }
        io.err(`交换调用日志被篡改 / access log BROKEN after ${result.checked} good records`);
        if (result.firstBad) {
          io.err(
            `  record id=${result.firstBad.id ?? '?'} chain_seq=${result.firstBad.chainSeq ?? '?'} problem=${result.firstBad.problem}`,
          );
          io.err(`  ${result.firstBad.message['zh-CN']}`);
          io.err(`  ${result.firstBad.message.en}`);
        }
        return 3;
      }),
    );
}

export function configureForIo(program: Command, io: CommandIo) {
  program.exitOverride();
  program.configureOutput({
    writeOut: (s) => io.out(s.replace(/\n$/, '')),
    writeErr: (s) => io.err(s.replace(/\n$/, '')),
  });
  for (const c of program.commands) configureForIo(c, io);
}

export { CommanderError, Option, explain };
