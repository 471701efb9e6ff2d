// AppError(code, status, details) → the one JSON error shape {"error":{"code","message","details"}}.
// Services throw these; the HTTP layer (platform/http/errors-plugin.ts) is the only place that maps them.
export class AppError extends Error {
  constructor(
    readonly code: string,
    readonly status: number,
    readonly details: Record<string, unknown> = {},
  ) {
    super(code);
  }
}

export const notFound = (what: string, details: Record<string, unknown> = {}) =>
  new AppError(`${what}_NOT_FOUND`, 404, details);
export const badRequest = (code: string, details: Record<string, unknown> = {}) => new AppError(code, 400, details);
export const conflict = (code: string, details: Record<string, unknown> = {}) => new AppError(code, 409, details);
export const unauthenticated = (code = 'UNAUTHENTICATED') => new AppError(code, 401);

/** Thrown by can(); audited as a denial by the transaction runner (platform/http/action.ts). */
export class ForbiddenError extends AppError {
  constructor(
    readonly action: string,
    details: Record<string, unknown> = {},
  ) {
    super('FORBIDDEN', 403, { action, ...details });
  }
}

export class VersionConflictError extends AppError {
  constructor(current: number) {
    super('VERSION_CONFLICT', 409, { current });
  }
}
