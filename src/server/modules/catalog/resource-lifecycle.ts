// The life of a catalog resource: draft → submitted → (reviewed by the data office) published → deprecated, and
// submitted → draft when the office returns it with a reason. A pure state machine over data.
import { AppError } from '../../platform/errors.ts';

export const RESOURCE_STATUSES = ['draft', 'submitted', 'published', 'deprecated'] as const;
export type ResourceStatus = (typeof RESOURCE_STATUSES)[number];
export const RESOURCE_ACTIONS = ['update', 'submit', 'approve', 'return', 'deprecate'] as const;
export type ResourceAction = (typeof RESOURCE_ACTIONS)[number];

const TRANSITIONS: Record<ResourceStatus, Partial<Record<ResourceAction, ResourceStatus>>> = {
  draft: { update: 'draft', submit: 'submitted' },
  submitted: { approve: 'published', return: 'draft' },
  published: { deprecate: 'deprecated' },
  deprecated: {},
};

/** The actions the state allows, whoever asks. */
export function actionsFrom(status: ResourceStatus): ResourceAction[] {
  return RESOURCE_ACTIONS.filter((a) => TRANSITIONS[status][a] !== undefined);
}

/** The state after `action`; 409 RESOURCE_INVALID_TRANSITION naming the actions that are possible instead. */
export function transition(status: ResourceStatus, action: ResourceAction): ResourceStatus {
  const next = TRANSITIONS[status][action];
  if (next === undefined) {
    throw new AppError('RESOURCE_INVALID_TRANSITION', 409, { from: status, action, allowed: actionsFrom(status) });
  }
  return next;
}

/**
 * Who may take each action: the provider's steward edits, submits and deprecates its own resources; the data
 * office approves and returns (and may deprecate, e.g. a resource whose provider is gone).
 */
export const ACTION_PERMISSIONS: Record<
  ResourceAction,
  readonly ('catalog.resource.edit' | 'catalog.resource.review')[]
> = {
  update: ['catalog.resource.edit'],
  submit: ['catalog.resource.edit'],
  approve: ['catalog.resource.review'],
  return: ['catalog.resource.review'],
  deprecate: ['catalog.resource.edit', 'catalog.resource.review'],
};
