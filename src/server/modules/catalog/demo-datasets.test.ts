import { describe, expect, it } from 'vitest';
import { validateDivisionCode } from '../../platform/identifiers/division-code.ts';
import { validateIdCard } from '../../platform/identifiers/id-card.ts';
import { demoDatasets } from './demo-datasets.ts';

describe('demo datasets', () => {
  it('are the same on every run', () => {
    expect(JSON.stringify(demoDatasets())).toBe(JSON.stringify(demoDatasets()));
    expect(JSON.stringify(demoDatasets(1))).not.toBe(JSON.stringify(demoDatasets()));
  });

  it('stay small and have rows as wide as their header', () => {
    for (const ds of demoDatasets()) {
      for (const load of ds.loads) {
        expect(load.rows.length).toBeLessThanOrEqual(300);
        for (const row of load.rows) expect(row).toHaveLength(ds.header.length);
      }
    }
  });

  it('plant exactly the bad rows the quality report should show in 人口基础信息', () => {
    const people = demoDatasets().find((d) => d.resource === '人口基础信息')!;
    const rows = people.loads[0].rows;
    const badIds = rows.filter((r) => !validateIdCard(r[0]).ok);
    expect(badIds).toHaveLength(1);
    expect(validateIdCard(badIds[0][0])).toEqual({ ok: false, reason: 'check_digit' });
    expect(rows.filter((r) => !validateDivisionCode(r[5]).ok)).toHaveLength(1);
    const keys = rows.map((r) => r[0]);
    expect(keys.length - new Set(keys).size).toBe(1);
    expect(rows.filter((r) => !['1', '2'].includes(r[2]))).toHaveLength(1);
  });
});
