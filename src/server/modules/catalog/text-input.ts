// Free text as it arrives in request bodies: trimmed, and a required text that is only spaces is refused with
// the field named (the schema can only say "at least one character").
import { AppError } from '../../platform/errors.ts';

export function requiredText(value: string, field: string): string {
  const t = value.trim();
  if (!t) throw new AppError('VALIDATION_FAILED', 400, { field, problem: 'must not be blank' });
  return t;
}

export function optionalText(value: string | null | undefined): string | null {
  return value?.trim() || null;
}
