// The one way the web app talks to the server: JSON over fetch, same-origin session cookie,
// CSRF header on every write, Accept-Language from the chosen locale, and the server's error shape
// turned into an ApiError whose message is already localised by the server.

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

const API_BASE = '/api/v1';

let csrfToken: string | null = null;
let acceptLanguage = 'zh-CN';
let onUnauthorized: (() => void) | null = null;

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

export function setAcceptLanguage(locale: string): void {
  acceptLanguage = locale;
}

/** Called when any request (other than the ones that expect it) comes back 401: the session is gone. */
export function setUnauthorizedHandler(handler: (() => void) | null): void {
  onUnauthorized = handler;
}

export type Query = Record<string, string | number | boolean | null | undefined>;

export function apiUrl(path: string, query?: Query): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value === undefined || value === null || value === '') continue;
    params.set(key, String(value));
  }
  const qs = params.toString();
  return `${API_BASE}${path}${qs ? `?${qs}` : ''}`;
}

interface RequestOptions {
  query?: Query;
  body?: unknown;
  /** A file sent as it is (uploads) instead of a JSON body. */
  file?: { content: Blob; contentType: string };
  /** Per-call headers, e.g. Idempotency-Key. */
  headers?: Record<string, string>;
  /** Login and the session probe expect 401 as an ordinary answer; they must not bounce to /login. */
  expectUnauthorized?: boolean;
}

async function request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = {
    Accept: 'application/json',
    'Accept-Language': acceptLanguage,
    ...options.headers,
  };
  if (options.file) headers['Content-Type'] = options.file.contentType;
  else if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['X-CSRF-Token'] = csrfToken;

  let response: Response;
  try {
    response = await fetch(apiUrl(path, options.query), {
      method,
      headers,
      credentials: 'same-origin',
      body: options.file ? options.file.content : options.body === undefined ? undefined : JSON.stringify(options.body),
    });
  } catch {
    throw new ApiError(0, 'NETWORK_ERROR', networkErrorMessage());
  }

  if (response.status === 401 && !options.expectUnauthorized) onUnauthorized?.();
  if (response.status === 204) return undefined as T;

  const text = await response.text();
  let data: unknown = null;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = null;
    }
  }
  if (!response.ok) {
    const error = (data as { error?: { code?: string; message?: string; details?: Record<string, unknown> } } | null)
      ?.error;
    throw new ApiError(
      response.status,
      error?.code ?? `HTTP_${response.status}`,
      error?.message ?? `${response.status} ${response.statusText}`,
      error?.details ?? {},
    );
  }
  return data as T;
}

function networkErrorMessage(): string {
  return acceptLanguage.startsWith('zh')
    ? '无法连接服务器，请检查网络后重试。'
    : 'Cannot reach the server. Check the network and try again.';
}

export const api = {
  get: <T>(path: string, query?: Query, options?: Omit<RequestOptions, 'query' | 'body'>) =>
    request<T>('GET', path, { ...options, query }),
  post: <T>(path: string, body?: unknown, options?: Omit<RequestOptions, 'body'>) =>
    request<T>('POST', path, { ...options, body: body ?? {} }),
  patch: <T>(path: string, body: unknown) => request<T>('PATCH', path, { body }),
  put: <T>(path: string, body: unknown) => request<T>('PUT', path, { body }),
  /** Uploads a file as the request body (CSV, XLSX, JSON), with the query string as options. */
  postFile: <T>(path: string, content: Blob, contentType: string, query?: Query) =>
    request<T>('POST', path, { query, file: { content, contentType } }),
};
