// TypeBox schemas for the org and auth routes: they validate requests and document the API (OpenAPI).
import { Type } from 'typebox';
import { ROLES } from '../../platform/auth/roles.ts';
import { USERNAME_PATTERN } from './users.ts';

const strict = { additionalProperties: false } as const;
const Nullable = <T extends ReturnType<typeof Type.String> | ReturnType<typeof Type.Integer>>(t: T) =>
  Type.Union([t, Type.Null()]);

/** A positive int4: ids and versions. Larger numbers are a 400 here, not an overflow in the database. */
const DbInt = Type.Integer({ minimum: 1, maximum: 2147483647 });
export const Id = Type.Object({ id: DbInt }, strict);
const AreaCode = Type.String({
  pattern: '^\\d{6}(\\d{3}(\\d{3})?)?$',
  description: 'GB/T 2260 division code (6/9/12 digits)',
});
const DepartmentKind = Type.Union(['city', 'bureau', 'section', 'centre', 'district'].map((k) => Type.Literal(k)));
const RoleName = Type.Union(ROLES.map((r) => Type.Literal(r)));

export const LoginBody = Type.Object(
  { username: Type.String({ minLength: 1, maxLength: 64 }), password: Type.String({ minLength: 1, maxLength: 256 }) },
  strict,
);
export const TotpLoginBody = Type.Object(
  { mfaToken: Type.String({ minLength: 10, maxLength: 100 }), code: Type.String({ minLength: 6, maxLength: 20 }) },
  strict,
);
export const CodeBody = Type.Object({ code: Type.String({ minLength: 6, maxLength: 6, pattern: '^\\d{6}$' }) }, strict);
export const PasswordChangeBody = Type.Object(
  {
    currentPassword: Type.String({ minLength: 1, maxLength: 256 }),
    newPassword: Type.String({ minLength: 1, maxLength: 256 }),
  },
  strict,
);

const GrantViewSchema = Type.Object({
  role: Type.String(),
  departmentId: Nullable(Type.Integer()),
  departmentName: Nullable(Type.String()),
  areaCode: Nullable(Type.String()),
  areaName: Nullable(Type.String()),
});

export const MeSchema = Type.Object({
  id: Type.Integer(),
  username: Type.String(),
  displayName: Type.String(),
  departmentId: Nullable(Type.Integer()),
  departmentName: Nullable(Type.String()),
  mfaEnabled: Type.Boolean(),
  mfaRequired: Type.Boolean(),
  permissions: Type.Array(Type.String()),
  grants: Type.Array(GrantViewSchema),
});

export const LoginReply = Type.Object({
  status: Type.Union([Type.Literal('ok'), Type.Literal('mfa_required'), Type.Literal('mfa_setup_required')]),
  user: Type.Optional(MeSchema),
  csrfToken: Type.Optional(Type.String()),
  mfaToken: Type.Optional(Type.String()),
});
export const MeReply = Type.Object({ user: MeSchema, csrfToken: Type.String() });
export const TotpSetupReply = Type.Object({ secret: Type.String(), otpauthUrl: Type.String() });
export const RecoveryCodesReply = Type.Object({ recoveryCodes: Type.Array(Type.String()) });

export const DepartmentSchema = Type.Object({
  id: Type.Integer(),
  code: Type.String(),
  name: Type.String(),
  nameEn: Nullable(Type.String()),
  parentId: Nullable(Type.Integer()),
  path: Type.String(),
  kind: Type.String(),
  areaCode: Nullable(Type.String()),
  version: Type.Integer(),
  allowedActions: Type.Array(Type.String()),
});
export const DepartmentList = Type.Object({ items: Type.Array(DepartmentSchema) });
export const CreateDepartmentBody = Type.Object(
  {
    code: Type.String({ pattern: '^[A-Za-z0-9][A-Za-z0-9_-]{1,39}$' }),
    name: Type.String({ minLength: 1, maxLength: 100 }),
    nameEn: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
    parentId: DbInt,
    kind: DepartmentKind,
    areaCode: Type.Optional(Nullable(AreaCode)),
  },
  strict,
);
export const UpdateDepartmentBody = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    nameEn: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
    kind: Type.Optional(DepartmentKind),
    areaCode: Type.Optional(Nullable(AreaCode)),
    version: DbInt,
  },
  strict,
);

const GrantInputSchema = Type.Object(
  {
    role: RoleName,
    departmentId: Type.Optional(Nullable(DbInt)),
    areaCode: Type.Optional(Nullable(AreaCode)),
  },
  strict,
);
const Phone = Type.String({ maxLength: 20, pattern: '^[0-9+\\- ]*$' });
const Email = Type.String({ maxLength: 200, pattern: '^$|^[^@\\s]+@[^@\\s]+$' });

export const UserSchema = Type.Object({
  id: Type.Integer(),
  username: Type.String(),
  displayName: Type.String(),
  departmentId: Nullable(Type.Integer()),
  departmentName: Nullable(Type.String()),
  phone: Nullable(Type.String()),
  email: Nullable(Type.String()),
  disabled: Type.Boolean(),
  mfaEnabled: Type.Boolean(),
  lockedUntil: Nullable(Type.String()),
  grants: Type.Array(GrantViewSchema),
  version: Type.Integer(),
  allowedActions: Type.Array(Type.String()),
});
export const UserPage = Type.Object({ items: Type.Array(UserSchema), nextCursor: Nullable(Type.String()) });
export const UserQuery = Type.Object(
  {
    q: Type.Optional(Type.String({ maxLength: 100 })),
    departmentId: Type.Optional(DbInt),
    role: Type.Optional(RoleName),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
    cursor: Type.Optional(Type.String({ maxLength: 40, pattern: '^[A-Za-z0-9_-]+$' })),
  },
  strict,
);
export const CreateUserBody = Type.Object(
  {
    username: Type.String({ pattern: USERNAME_PATTERN }),
    displayName: Type.String({ minLength: 1, maxLength: 50 }),
    password: Type.String({ minLength: 1, maxLength: 256 }),
    departmentId: Nullable(DbInt),
    phone: Type.Optional(Nullable(Phone)),
    email: Type.Optional(Nullable(Email)),
    grants: Type.Array(GrantInputSchema, { maxItems: 20 }),
  },
  strict,
);
export const UpdateUserBody = Type.Object(
  {
    displayName: Type.Optional(Type.String({ minLength: 1, maxLength: 50 })),
    departmentId: Type.Optional(Nullable(DbInt)),
    phone: Type.Optional(Nullable(Phone)),
    email: Type.Optional(Nullable(Email)),
    disabled: Type.Optional(Type.Boolean()),
    grants: Type.Optional(Type.Array(GrantInputSchema, { maxItems: 20 })),
    version: DbInt,
  },
  strict,
);
export const ResetPasswordBody = Type.Object({ password: Type.String({ minLength: 1, maxLength: 256 }) }, strict);
export const ContactReply = Type.Object({ phone: Nullable(Type.String()), email: Nullable(Type.String()) });

export const RoleSchema = Type.Object({
  role: Type.String(),
  permissions: Type.Array(Type.String()),
  mfaRequired: Type.Boolean(),
});
export const RoleParams = Type.Object({ role: RoleName }, strict);
export const RolePolicyBody = Type.Object({ mfaRequired: Type.Boolean() }, strict);

export const ApiKeySchema = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  prefix: Type.String(),
  scopes: Type.Array(Type.String()),
  departmentId: Nullable(Type.Integer()),
  areaCode: Nullable(Type.String()),
  expiresAt: Nullable(Type.String()),
  revokedAt: Nullable(Type.String()),
  lastUsedAt: Nullable(Type.String()),
  createdAt: Type.String(),
  createdBy: Type.String(),
});
export const CreateApiKeyBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 100 }),
    scopes: Type.Array(Type.String({ minLength: 1, maxLength: 100 }), { minItems: 1, maxItems: 100 }),
    expiresAt: Type.Optional(Nullable(Type.String({ format: 'date-time' }))),
    departmentId: Type.Optional(Nullable(DbInt)),
    areaCode: Type.Optional(Nullable(AreaCode)),
  },
  strict,
);
