import { describe, expect, it } from 'vitest';
import type { CaseFilter } from '../../api/cases';
import { filterFromParams, filterToParams } from './filterUrl';

describe('the case list filter in the URL', () => {
  it('writes a filter as readable query text and reads the same filter back', () => {
    const filter: CaseFilter = {
      q: '井盖',
      status: ['dispatched', 'in_progress'],
      category: 12,
      department: 3,
      area: '320508',
      channel: ['phone'],
      nature: ['complaint'],
      urgency: 'urgent',
      sla: 'red',
      from: '2026-11-01T00:00:00+08:00',
      to: '2026-11-30T23:59:59.999+08:00',
    };
    const params = filterToParams(filter);
    expect(params.toString()).toBe(
      'q=%E4%BA%95%E7%9B%96&status=dispatched&status=in_progress&category=12&department=3&area=320508' +
        '&channel=phone&nature=complaint&urgency=urgent&sla=red&from=2026-11-01&to=2026-11-30',
    );
    expect(filterFromParams(params)).toEqual(filter);
  });

  it('reads an empty query as no filter', () => {
    expect(filterFromParams(new URLSearchParams(''))).toEqual({});
    expect(filterToParams({}).toString()).toBe('');
  });

  it('drops what a hand-edited link gets wrong and keeps the rest', () => {
    const params = new URLSearchParams(
      'status=closed&status=nonsense&status=closed&category=abc&department=0&area=32x&channel=fax' +
        '&urgency=high&sla=purple&from=2026-02-30&to=2026-11-30&q=%20%20',
    );
    expect(filterFromParams(params)).toEqual({ status: ['closed'], to: '2026-11-30T23:59:59.999+08:00' });
  });
});
