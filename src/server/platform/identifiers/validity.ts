// The answer of every identifier validator: valid, or the reason why not (a stable word the caller turns into a
// message, never the value itself — validators see personal information that must not end up in logs).
export type Validity<Reason extends string = string> = { ok: true } | { ok: false; reason: Reason };

export const VALID = { ok: true } as const;

export function invalid<Reason extends string>(reason: Reason): { ok: false; reason: Reason } {
  return { ok: false, reason };
}
