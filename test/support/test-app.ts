// A fresh OneCity app per test file, on the engine of the current Vitest project (TEST_ENGINE), started from
// the run's template database. Use with `describe.skipIf(!engineAvailable())`.
import { randomBytes } from 'node:crypto';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { sql } from 'kysely';
import { inject } from 'vitest';
import { buildApp } from '../../src/server/app.ts';
import type { Config } from '../../src/server/config.ts';
import { type OpenedDatabase, openDatabase } from '../../src/server/platform/db/connect.ts';
import { withDatabase } from './global-setup.ts';
import { TEST_ADMIN_PASSWORD, testConfig } from './template.ts';
import fs from 'node:fs';

export { TEST_ADMIN_PASSWORD };
export const DEMO_PASSWORD = 'OneCity@Demo2026';

export type Engine = 'pglite' | 'postgres';
export const currentEngine = (): Engine => (process.env.TEST_ENGINE === 'postgres' ? 'postgres' : 'pglite');

export function engineAvailable(): boolean {
  return currentEngine() === 'pglite' || inject('postgresUrl') !== null;
}

export interface TestApp {
  app: FastifyInstance;
  opened: OpenedDatabase;
  config: Config;
  engine: Engine;
  close(): Promise<void>;
}

export async function createTestApp(configOverrides: Record<string, string> = {}): Promise<TestApp> {
  const engine = currentEngine();
  const config = testConfig(configOverrides);
  let opened: OpenedDatabase;
  let dropDatabase: (() => Promise<void>) | undefined;
  if (engine === 'pglite') {
    const tar = fs.readFileSync(inject('pgliteTemplate'));
    opened = await openDatabase({ loadDataDir: new Blob([tar]) });
  } else {
    const adminUrl = inject('postgresUrl');
    if (!adminUrl) throw new Error('PostgreSQL unavailable: guard the suite with describe.skipIf(!engineAvailable())');
    const name = `t_${randomBytes(6).toString('hex')}`;
    const admin = await openDatabase({ databaseUrl: adminUrl, poolSize: 1 });
    await sql.raw(`create database ${name} template onecity_template`).execute(admin.db);
    opened = await openDatabase({ databaseUrl: withDatabase(adminUrl, name), poolSize: 10 });
    dropDatabase = async () => {
      await sql.raw(`drop database if exists ${name} with (force)`).execute(admin.db);
      await admin.close();
    };
  }
  const app = await buildApp({ config, db: opened.db, engine: opened.engine, logger: false, serveWeb: false });
  await app.ready();
  return {
    app,
    opened,
    config,
    engine,
    async close() {
      await app.close();
      await opened.close();
      await dropDatabase?.();
    },
  };
}

/** A logged-in browser-like client: session cookie + CSRF token sent on writes. */
export interface Session {
  cookie: string;
  csrf: string;
  request(
    method: string,
    url: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<LightMyRequestResponse>;
}

export async function login(app: FastifyInstance, username: string, password: string): Promise<Session> {
  const res = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password } });
  if (res.statusCode !== 200) throw new Error(`login ${username} failed: ${res.statusCode} ${res.body}`);
  const body = res.json();
  if (body.status !== 'ok') throw new Error(`login ${username}: ${body.status}`);
  const setCookie = res.headers['set-cookie'];
  const raw = Array.isArray(setCookie) ? setCookie[0] : String(setCookie);
  const cookie = raw.split(';')[0];
  return sessionFrom(app, cookie, body.csrfToken);
}

export function sessionFrom(app: FastifyInstance, cookie: string, csrf: string): Session {
  return {
    cookie,
    csrf,
    request(method, url, body, headers = {}) {
      return app.inject({
        method: method as 'GET',
        url,
        ...(body === undefined ? {} : { payload: body as object }),
        headers: { cookie, ...(method === 'GET' ? {} : { 'x-csrf-token': csrf }), ...headers },
      });
    },
  };
}

/** Asserts the one error shape and returns the code. */
export function errorCode(res: LightMyRequestResponse): string {
  const body = res.json() as { error?: { code?: unknown; message?: unknown; details?: unknown } };
  if (
    !body.error ||
    typeof body.error.code !== 'string' ||
    typeof body.error.message !== 'string' ||
    typeof body.error.details !== 'object'
  ) {
    throw new Error(`not the error shape: ${res.body}`);
  }
  return body.error.code;
}
