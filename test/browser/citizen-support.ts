// Helpers of the field-side browser test (citizen.test.ts): a real image made in the test, and an API client that
// signs in as a demo user to take the steps of other roles.
import { deflateSync } from 'node:zlib';

// ── a real image, made here: a 64×48 PNG with a gradient (the browser re-encodes it as JPEG) ────────────────
const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf: Buffer): number {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}
export function pngFixture(width = 64, height = 48): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // RGB
  const rows: Buffer[] = [];
  for (let y = 0; y < height; y++) {
    const row = Buffer.alloc(1 + width * 3);
    for (let x = 0; x < width; x++) {
      row[1 + x * 3] = (x * 4) & 0xff;
      row[2 + x * 3] = (y * 5) & 0xff;
      row[3 + x * 3] = 160;
    }
    rows.push(row);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.concat(rows))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

export type Call = (method: string, path: string, body?: unknown) => Promise<Record<string, unknown>>;

/** A signed-in API client for a demo user (cookie session + CSRF token), for the steps other roles take. */
export async function apiAs(baseUrl: string, username: string, password: string): Promise<Call> {
  const login = await fetch(`${baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  const cookie = login.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  return async (method, path, body) => {
    const res = await fetch(`${baseUrl}${path}`, {
      method,
      headers: { cookie, 'x-csrf-token': csrfToken, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    const json = (await res.json().catch(() => null)) as Record<string, unknown>;
    if (!res.ok) throw new Error(`${username}: ${method} ${path} → ${res.status} ${JSON.stringify(json)}`);
    return json;
  };
}

/** One workflow action on a case at its current version. */
export async function act(
  call: Call,
  id: number,
  action: string,
  input: Record<string, unknown> = {},
): Promise<string> {
  const { version } = (await call('GET', `/api/v1/cases/${id}`)) as { version: number };
  const r = await call('POST', `/api/v1/cases/${id}/actions/${action}`, { expectedVersion: version, ...input });
  return r.status as string;
}
