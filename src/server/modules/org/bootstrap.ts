// First start on an empty database: the city's root department and the `admin` account, with the password
// from ONECITY_ADMIN_PASSWORD or a generated one printed once (and never stored in clear anywhere).
import { randomBytes } from 'node:crypto';
import { SYSTEM_ACTOR } from '../../platform/auth/actor.ts';
import { checkPassword, hashPassword } from '../../platform/auth/password.ts';
import { recordAudit } from '../../platform/audit/record.ts';
import type { ModuleContext } from '../../platform/module.ts';
import * as repo from './repo.ts';

export const ROOT_DEPARTMENT_CODE = 'CITY';

export function generatePassword(): string {
  // 18 base64url chars + a fixed tail that guarantees every character class the policy may ask for.
  return `${randomBytes(14).toString('base64url')}-Aa1`;
}

export async function bootstrapOrg(ctx: ModuleContext): Promise<void> {
  await ctx.db.transaction().execute(async (tx) => {
    let root = await repo.getDepartmentByCode(tx, ROOT_DEPARTMENT_CODE);
    if (!root && !(await repo.hasDepartments(tx))) {
      root = await repo.insertDepartment(tx, {
        code: ROOT_DEPARTMENT_CODE,
        name: 'A市人民政府',
        name_en: 'A City Government',
        parent: null,
        kind: 'city',
        area_code: null,
      });
      await recordAudit(
        tx,
        SYSTEM_ACTOR,
        'org.department.create',
        { type: 'department', id: root.id },
        { code: root.code, bootstrap: true },
      );
    }
    if ((await repo.countUsers(tx)) > 0) return;
    const given = ctx.config.adminPassword;
    if (given) {
      const problem = checkPassword(given, ctx.config.password, 'admin');
      if (problem) throw new Error(`配置错误 / invalid setting ONECITY_ADMIN_PASSWORD: password policy (${problem})`);
    }
    const password = given ?? generatePassword();
    const admin = await repo.insertUser(tx, {
      username: 'admin',
      display_name: '系统管理员',
      password_hash: await hashPassword(password),
      department_id: root?.id ?? null,
      phone: null,
      email: null,
    });
    await repo.replaceGrants(tx, admin.id, [{ role: 'admin', department_id: null, area_code: null }]);
    await recordAudit(
      tx,
      SYSTEM_ACTOR,
      'org.user.create',
      { type: 'user', id: admin.id },
      { username: 'admin', bootstrap: true },
    );
    if (given)
      ctx.out(
        '已创建管理员账号 admin（密码取自 ONECITY_ADMIN_PASSWORD） / created user admin with the password from ONECITY_ADMIN_PASSWORD',
      );
    else {
      ctx.out('已创建管理员账号 admin，初始密码只显示这一次 / created user admin; its password is shown only once:');
      ctx.out(`  admin / ${password}`);
    }
  });
}
