// One validated configuration object, read once from the environment (and CLI flags that override it).
// A bad value stops start-up with one line naming the setting: ConfigError carries that line.
import path from 'node:path';

export interface Config {
  host: string;
  port: number;
  /** postgres://… for a PostgreSQL server; undefined means embedded PGlite under dataDir. */
  databaseUrl: string | undefined;
  dataDir: string;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** Password for the `admin` account created on first start; generated and printed once when unset. */
  adminPassword: string | undefined;
  bodyLimitBytes: number;
  /** Largest dataset upload (CSV/XLSX, streamed); larger → 413 DATASET_TOO_LARGE. */
  datasetMaxBytes: number;
  session: {
    idleTimeoutMinutes: number;
    absoluteTimeoutHours: number;
    /** Set the Secure flag on cookies; on when the app is served over HTTPS behind a proxy. */
    secureCookies: boolean;
  };
  lockout: { maxFailures: number; minutes: number };
  password: { minLength: number; minClasses: number };
  /** open311PerMinute: Open311 POSTs per api_key, and refused keys per client IP, per minute. */
  rateLimit: { loginPerMinute: number; apiPerMinute: number; open311PerMinute: number };
  webDist: string;
  trustProxy: boolean;
  /** Base map for the web map. None by default: OneCity needs no internet, grids draw on a plain background. */
  map: { tileUrl: string | undefined; tileAttribution: string | undefined };
  /** How many synthetic historic cases the demo city gets (a year of 12345 history); 0 = none. */
  demoCases: number;
  /** Notices to citizens (SMS, e-mail) and webhooks to other city systems (modules/notify). */
  notify: {
    /** smtp://user:pass@host:587 or smtps://…; unset = e-mail notices are not sent (marked failed, logged). */
    smtpUrl: string | undefined;
    mailFrom: string;
    /** HTTP SMS gateway (POST JSON); unset = the log-only sender (masked phone + template in the log). */
    smsGatewayUrl: string | undefined;
    smsGatewaySecret: string | undefined;
    /** Hosts webhooks may be sent to; unset = any http(s) host (city systems live on 政务外网, private addresses). */
    webhookAllowedHosts: string[] | undefined;
    /** Public address of the citizen pages, for links in notices (e.g. https://12345.example.gov.cn). */
    publicUrl: string | undefined;
  };
}

export class ConfigError extends Error {
  constructor(
    readonly setting: string,
    problem: string,
  ) {
    super(`配置错误 / invalid setting ${setting}: ${problem}`);
  }
}

type Env = Record<string, string | undefined>;

function int(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^-?\d+$/.test(raw.trim())) throw new ConfigError(name, `"${raw}" is not a whole number`);
  const n = Number(raw);
  if (n < min || n > max) throw new ConfigError(name, `${n} is outside ${min}..${max}`);
  return n;
}

function bool(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (/^(1|true|yes|on)$/i.test(raw)) return true;
  if (/^(0|false|no|off)$/i.test(raw)) return false;
  throw new ConfigError(name, `"${raw}" is not true/false`);
}

/** A Leaflet tile URL template such as https://tiles.example.gov.cn/{z}/{x}/{y}.png (or a same-origin path). */
function tileUrl(e: Env): string | undefined {
  const raw = e.ONECITY_MAP_TILE_URL?.trim();
  if (!raw) return undefined;
  if (!/^(https?:\/\/[^\s]+|\/[^\s]*)$/.test(raw) || !['{z}', '{x}', '{y}'].every((p) => raw.includes(p))) {
    throw new ConfigError('ONECITY_MAP_TILE_URL', 'must be an http(s) URL or a path containing {z}, {x} and {y}');
  }
  return raw;
}

function urlSetting(e: Env, name: string, schemes: RegExp): string | undefined {
  const raw = e[name]?.trim();
  if (!raw) return undefined;
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    throw new ConfigError(name, `"${raw}" is not a URL`);
  }
  if (!schemes.test(u.protocol)) throw new ConfigError(name, `scheme ${u.protocol} is not allowed here`);
  return raw;
}

function notifyConfig(e: Env): Config['notify'] {
  const hosts = e.ONECITY_WEBHOOK_ALLOWED_HOSTS?.split(',')
    .map((h) => h.trim().toLowerCase())
    .filter(Boolean);
  return {
    smtpUrl: urlSetting(e, 'ONECITY_SMTP_URL', /^smtps?:$/),
    mailFrom: e.ONECITY_MAIL_FROM?.trim() || 'OneCity 12345 <noreply@onecity.local>',
    smsGatewayUrl: urlSetting(e, 'ONECITY_SMS_GATEWAY_URL', /^https?:$/),
    smsGatewaySecret: e.ONECITY_SMS_GATEWAY_SECRET || undefined,
    webhookAllowedHosts: hosts && hosts.length > 0 ? hosts : undefined,
    publicUrl: urlSetting(e, 'ONECITY_PUBLIC_URL', /^https?:$/)?.replace(/\/+$/, ''),
  };
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

export interface ConfigOverrides {
  host?: string;
  port?: string | number;
  dataDir?: string;
  databaseUrl?: string;
}

export function loadConfig(env: Env = process.env, overrides: ConfigOverrides = {}): Config {
  const e: Env = { ...env };
  if (overrides.host !== undefined) e.HOST = String(overrides.host);
  if (overrides.port !== undefined) e.PORT = String(overrides.port);
  if (overrides.dataDir !== undefined) e.ONECITY_DATA_DIR = overrides.dataDir;
  if (overrides.databaseUrl !== undefined) e.DATABASE_URL = overrides.databaseUrl;

  const databaseUrl = e.DATABASE_URL?.trim() || undefined;
  if (databaseUrl !== undefined && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new ConfigError('DATABASE_URL', 'must start with postgres:// or postgresql://');
  }
  const host = e.HOST?.trim() || '127.0.0.1';
  if (!/^[\w.:-]+$/.test(host)) throw new ConfigError('HOST', `"${host}" is not a host name or address`);
  const logLevel = (e.LOG_LEVEL?.trim() || 'info') as Config['logLevel'];
  if (!LOG_LEVELS.includes(logLevel)) throw new ConfigError('LOG_LEVEL', `must be one of ${LOG_LEVELS.join(', ')}`);
  const adminPassword = e.ONECITY_ADMIN_PASSWORD || undefined;

  return {
    host,
    port: int(e, 'PORT', 8080, 0, 65535),
    databaseUrl,
    dataDir: path.resolve(e.ONECITY_DATA_DIR?.trim() || './data'),
    logLevel,
    adminPassword,
    bodyLimitBytes: int(e, 'ONECITY_BODY_LIMIT_BYTES', 1024 * 1024, 1024, 1024 * 1024 * 1024),
    datasetMaxBytes: int(e, 'ONECITY_DATASET_MAX_BYTES', 1024 ** 3, 1024, 1024 ** 4),
    session: {
      idleTimeoutMinutes: int(e, 'ONECITY_SESSION_IDLE_MINUTES', 30, 1, 24 * 60),
      absoluteTimeoutHours: int(e, 'ONECITY_SESSION_MAX_HOURS', 12, 1, 24 * 30),
      secureCookies: bool(e, 'ONECITY_SECURE_COOKIES', false),
    },
    lockout: {
      maxFailures: int(e, 'ONECITY_LOCKOUT_FAILURES', 5, 1, 100),
      minutes: int(e, 'ONECITY_LOCKOUT_MINUTES', 15, 1, 24 * 60),
    },
    password: {
      minLength: int(e, 'ONECITY_PASSWORD_MIN_LENGTH', 10, 8, 128),
      minClasses: int(e, 'ONECITY_PASSWORD_MIN_CLASSES', 3, 1, 4),
    },
    rateLimit: {
      loginPerMinute: int(e, 'ONECITY_LOGIN_RATE_PER_MINUTE', 30, 1, 100000),
      apiPerMinute: int(e, 'ONECITY_API_RATE_PER_MINUTE', 1200, 1, 10_000_000),
      open311PerMinute: int(e, 'ONECITY_OPEN311_RATE_PER_MINUTE', 120, 1, 10_000_000),
    },
    webDist: path.resolve(e.ONECITY_WEB_DIST?.trim() || 'dist/web'),
    trustProxy: bool(e, 'ONECITY_TRUST_PROXY', false),
    map: { tileUrl: tileUrl(e), tileAttribution: e.ONECITY_MAP_TILE_ATTRIBUTION?.trim() || undefined },
    demoCases: int(e, 'ONECITY_DEMO_CASES', 20_000, 0, 2_000_000),
    notify: notifyConfig(e),
  };
}
