import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';

describe('config', () => {
  it('defaults to 127.0.0.1:8080 on the embedded database under ./data', () => {
    const c = loadConfig({});
    expect(c.host).toBe('127.0.0.1');
    expect(c.port).toBe(8080);
    expect(c.databaseUrl).toBeUndefined();
    expect(c.dataDir.endsWith('/data')).toBe(true);
    expect(c.lockout).toEqual({ maxFailures: 5, minutes: 15 });
  });

  it.each([
    ['PORT', 'abc'],
    ['PORT', '70000'],
    ['DATABASE_URL', 'mysql://x'],
    ['ONECITY_LOCKOUT_FAILURES', '0'],
    ['ONECITY_SECURE_COOKIES', 'maybe'],
    ['LOG_LEVEL', 'loud'],
  ])('stops with one line naming %s when it is %s', (name, value) => {
    let err: unknown;
    try {
      loadConfig({ [name]: value });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as ConfigError).setting).toBe(name);
    expect((err as Error).message).toContain(name);
    expect((err as Error).message.split('\n')).toHaveLength(1);
  });

  it('lets flags override the environment', () => {
    expect(loadConfig({ PORT: '9000' }, { port: 9100 }).port).toBe(9100);
  });
});

describe('map tiles setting', () => {
  it('has no tile server by default (no internet needed)', () => {
    expect(loadConfig({}).map.tileUrl).toBeUndefined();
  });

  it('accepts a tile URL template and refuses one without {z}/{x}/{y}', () => {
    expect(loadConfig({ ONECITY_MAP_TILE_URL: 'https://tiles.example.gov.cn/{z}/{x}/{y}.png' }).map.tileUrl).toContain(
      '{z}',
    );
    expect(() => loadConfig({ ONECITY_MAP_TILE_URL: 'https://tiles.example.gov.cn/tile.png' })).toThrowError(
      /ONECITY_MAP_TILE_URL/,
    );
  });
});
