// How a webhook delivery is signed and where it may go. Receivers verify:
//   X-OneCity-Signature: sha256=hex(HMAC-SHA256(secret, X-OneCity-Timestamp + '.' + raw body))
// and refuse old timestamps (replays); X-OneCity-Delivery is the same on every retry of one delivery.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { AppError } from '../../platform/errors.ts';

export function signWebhook(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/** What a receiver does (used in tests and shown in the docs). */
export function verifyWebhookSignature(secret: string, timestamp: string, body: string, signature: string): boolean {
  const expected = Buffer.from(signWebhook(secret, timestamp, body));
  const got = Buffer.from(signature);
  return expected.length === got.length && timingSafeEqual(expected, got);
}

/** SSRF guard. City systems sit on the government extranet (政务外网) at private addresses, so private hosts are
 * allowed by default; what is refused is any scheme but http(s) (file:, gopher:, ftp: …) and credentials in the
 * URL. A city that wants to pin the receivers sets ONECITY_WEBHOOK_ALLOWED_HOSTS. Redirects are never followed. */
export function checkWebhookUrl(raw: string, allowedHosts: readonly string[] | undefined): URL {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    throw new AppError('WEBHOOK_URL_INVALID', 400, { field: 'url', problem: 'not a URL' });
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') {
    throw new AppError('WEBHOOK_URL_INVALID', 400, { field: 'url', problem: `scheme ${u.protocol} not allowed` });
  }
  if (u.username || u.password) {
    throw new AppError('WEBHOOK_URL_INVALID', 400, { field: 'url', problem: 'credentials in the URL' });
  }
  if (!u.hostname) throw new AppError('WEBHOOK_URL_INVALID', 400, { field: 'url', problem: 'no host' });
  if (allowedHosts && !allowedHosts.includes(u.hostname.toLowerCase())) {
    throw new AppError('WEBHOOK_HOST_NOT_ALLOWED', 400, { field: 'url', host: u.hostname });
  }
  return u;
}
