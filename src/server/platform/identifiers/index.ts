// Validators for the identifiers of DOMAIN.md §2: pure functions, no database. Each answers {ok: true} or
// {ok: false, reason}; the catalog's data elements name them as built-in value domains.
export { type CreditCodeProblem, validateCreditCode } from './credit-code.ts';
export { type DateProblem, validateDate } from './date.ts';
export { type DivisionCodeProblem, validateDivisionCode } from './division-code.ts';
export { type IdCardProblem, validateIdCard } from './id-card.ts';
export { type MobileProblem, validateMobile } from './mobile.ts';
export { type OrgCodeProblem, validateOrgCode } from './org-code.ts';
export type { Validity } from './validity.ts';
