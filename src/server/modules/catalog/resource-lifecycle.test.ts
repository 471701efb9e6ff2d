import { describe, expect, it } from 'vitest';
import { RESOURCE_ACTIONS, RESOURCE_STATUSES, actionsFrom, transition } from './resource-lifecycle.ts';

describe('the resource lifecycle', () => {
  it('follows draft → submitted → published → deprecated, with a return to draft', () => {
    expect(transition('draft', 'submit')).toBe('submitted');
    expect(transition('submitted', 'approve')).toBe('published');
    expect(transition('submitted', 'return')).toBe('draft');
    expect(transition('published', 'deprecate')).toBe('deprecated');
    expect(transition('draft', 'update')).toBe('draft');
  });

  it('refuses every other pair with 409 naming exactly the actions the state allows', () => {
    for (const status of RESOURCE_STATUSES) {
      for (const action of RESOURCE_ACTIONS) {
        if (actionsFrom(status).includes(action)) continue;
        expect(() => transition(status, action)).toThrowError(
          expect.objectContaining({
            code: 'RESOURCE_INVALID_TRANSITION',
            status: 409,
            details: { from: status, action, allowed: actionsFrom(status) },
          }),
        );
      }
    }
  });

  it('ends in deprecated: nothing leads out of it', () => {
    expect(actionsFrom('deprecated')).toEqual([]);
  });
});
