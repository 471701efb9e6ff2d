// The public category list of the citizen report form: a visitor without an account must be able to choose what
// to report. 部件 categories are left out (they need a 16-digit component id), inactive ones too.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, engineAvailable, login, type TestApp, TEST_ADMIN_PASSWORD } from '../support/test-app.ts';

interface Node {
  id: number;
  kind: string;
  level: number;
  name: string;
  version: number;
  children: Node[];
}

describe.skipIf(!engineAvailable())('GET /api/v1/citizen/categories', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t?.close());

  const list = async () => {
    const res = await t.app.inject({ url: '/api/v1/citizen/categories' });
    expect(res.statusCode).toBe(200);
    return (res.json() as { items: Node[] }).items;
  };

  it('answers a visitor without a session: 事件 and 12345 大类 with their 小类, no 部件', async () => {
    const items = await list();
    expect(items.length).toBeGreaterThan(5);
    expect(new Set(items.map((c) => c.kind))).toEqual(new Set(['event', 'hotline']));
    for (const top of items) {
      expect(top.level).toBe(1);
      expect(top.children.length).toBeGreaterThan(0);
      for (const c of top.children) expect(c.level).toBe(2);
    }
  });

  it('stops offering a 小类 once an admin deactivates it', async () => {
    const before = await list();
    const victim = before[0]!.children[0]!;
    const admin = await login(t.app, 'admin', TEST_ADMIN_PASSWORD);
    const res = await admin.request('POST', `/api/v1/cases/config/categories/${victim.id}/deactivate`, {
      version: victim.version,
    });
    expect(res.statusCode, res.body).toBe(200);
    const after = await list();
    const ids = after.flatMap((c) => c.children.map((x) => x.id));
    expect(ids).not.toContain(victim.id);
    expect(ids.length).toBe(before.flatMap((c) => c.children).length - 1);
  });
});
