import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type OpenedDatabase, openDatabase } from '../db/connect.ts';
import type { Actor, Grant } from './actor.ts';
import { allows, can, scopeWhere } from './can.ts';

const grant = (permissions: string[], departmentPath: string | null, areaCode: string | null): Grant => ({
  role: 'handler',
  permissions: new Set(permissions),
  departmentPath,
  departmentId: null,
  areaCode,
});
const actor = (...grants: Grant[]): Actor => ({ kind: 'user', id: 9, name: 'u', grants });

describe('can(): the permission check', () => {
  const cityWide = actor(grant(['x.read'], null, null));
  const bureau = actor(grant(['x.read', 'x.write'], '/1/4/', null));
  const street = actor(grant(['x.read'], null, '320508001'));

  it('lets a city-wide grant reach any department and area', () => {
    expect(allows(cityWide, 'x.read', { departmentPath: '/1/9/', areaCode: '320509' })).toBe(true);
  });

  it('limits a department grant to its subtree, not to siblings with a common prefix', () => {
    expect(allows(bureau, 'x.write', { departmentPath: '/1/4/' })).toBe(true);
    expect(allows(bureau, 'x.write', { departmentPath: '/1/4/17/' })).toBe(true);
    expect(allows(bureau, 'x.write', { departmentPath: '/1/41/' })).toBe(false);
    expect(allows(bureau, 'x.write', { departmentPath: null })).toBe(false);
  });

  it('limits an area grant to division codes under it', () => {
    expect(allows(street, 'x.read', { areaCode: '320508001002' })).toBe(true);
    expect(allows(street, 'x.read', { areaCode: '320508002001' })).toBe(false);
    expect(allows(street, 'x.read', { areaCode: null })).toBe(false);
  });

  it('refuses an action no grant carries and throws FORBIDDEN naming it', () => {
    expect(allows(cityWide, 'x.write')).toBe(false);
    expect(() => can(cityWide, 'x.write')).toThrowError(
      expect.objectContaining({ code: 'FORBIDDEN', status: 403, details: { action: 'x.write' } }),
    );
  });
});

describe('scopeWhere(): the same rule in SQL', () => {
  let opened: OpenedDatabase;
  const rows: [string, string | null, string | null][] = [
    ['a', '/1/4/', '320508001001'],
    ['b', '/1/4/17/', '320508002001'],
    ['c', '/1/41/', '320509001001'],
    ['d', null, null],
    ['e', '/1/4_/', '320508001'],
  ];
  beforeAll(async () => {
    opened = await openDatabase({});
  });
  afterAll(() => opened.close());

  const select = async (a: Actor, action: string) => {
    const values = sql.join(rows.map(([n, p, ar]) => sql`(${n}, ${p}::text, ${ar}::text)`));
    const res = await sql<{ n: string }>`select n from (values ${values}) as t(n, p, a)
      where ${scopeWhere(a, action, { departmentPath: sql.ref('p'), areaCode: sql.ref('a') })} order by n`.execute(
      opened.db,
    );
    return res.rows.map((r) => r.n);
  };

  it('selects exactly the rows can() allows, for every kind of grant', async () => {
    const actors = [
      actor(grant(['x.read'], null, null)),
      actor(grant(['x.read'], '/1/4/', null)),
      actor(grant(['x.read'], null, '320508001')),
      actor(grant(['x.read'], '/1/4/', '320508001'), grant(['x.read'], '/1/41/', null)),
      actor(grant(['x.write'], null, null)),
      actor(),
    ];
    for (const a of actors) {
      const expected = rows
        .filter(([, p, ar]) => allows(a, 'x.read', { departmentPath: p, areaCode: ar }))
        .map(([n]) => n);
      expect(await select(a, 'x.read')).toEqual(expected);
    }
  });

  it('treats LIKE wildcards in a path as literal characters', async () => {
    expect(await select(actor(grant(['x.read'], '/1/4_/', null)), 'x.read')).toEqual(['e']);
  });
});
