// Pluggable senders for citizen notices. SMTP is real (nodemailer); SMS goes through a city's gateway over HTTP
// (POST JSON, shared-secret header) or, by default, only to the log — OneCity ships no SMS contract.
import { createHmac } from 'node:crypto';
import { createTransport, type Transporter } from 'nodemailer';
import type { Config } from '../../config.ts';
import { maskPhone } from '../../platform/privacy/mask.ts';
import type { DeliveryChannel } from './tables.ts';

export interface OutgoingMessage {
  template: string;
  subject: string;
  text: string;
}

export interface Sender {
  channel: DeliveryChannel;
  /** Resolves when the message was accepted; throws (with a short reason) to be retried later. */
  send(to: string, message: OutgoingMessage): Promise<void>;
}

export type NoticeLog = (entry: Record<string, unknown>, msg: string) => void;

export class SmtpSender implements Sender {
  readonly channel = 'email' as const;
  private readonly transport: Transporter;

  constructor(
    url: string,
    private readonly from: string,
  ) {
    this.transport = createTransport({
      url,
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 20_000,
    });
  }

  async send(to: string, m: OutgoingMessage): Promise<void> {
    await this.transport.sendMail({ from: this.from, to, subject: m.subject, text: m.text });
  }
}

/** The default: nothing leaves the server; the log shows that a notice would have gone, and to whom (masked). */
export class LogSmsSender implements Sender {
  readonly channel = 'sms' as const;
  constructor(private readonly log: NoticeLog) {}
  async send(to: string, m: OutgoingMessage): Promise<void> {
    this.log({ channel: 'sms', to: maskPhone(to), template: m.template }, 'SMS (log only: no gateway configured)');
  }
}

/** A city's SMS gateway: POST {to, template, text} as JSON; X-OneCity-Signature = HMAC-SHA256(secret, body). */
export class HttpSmsSender implements Sender {
  readonly channel = 'sms' as const;
  constructor(
    private readonly url: string,
    private readonly secret: string | undefined,
  ) {}

  async send(to: string, m: OutgoingMessage): Promise<void> {
    const body = JSON.stringify({ to, template: m.template, text: m.text });
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (this.secret)
      headers['x-onecity-signature'] = `sha256=${createHmac('sha256', this.secret).update(body).digest('hex')}`;
    const res = await fetch(this.url, { method: 'POST', headers, body, signal: AbortSignal.timeout(10_000) });
    if (!res.ok) throw new Error(`SMS gateway answered ${res.status}`);
  }
}

/** The senders configured for this server; e-mail is absent without ONECITY_SMTP_URL. */
export function sendersFrom(config: Config, log: NoticeLog): Partial<Record<DeliveryChannel, Sender>> {
  const n = config.notify;
  return {
    sms: n.smsGatewayUrl ? new HttpSmsSender(n.smsGatewayUrl, n.smsGatewaySecret) : new LogSmsSender(log),
    ...(n.smtpUrl ? { email: new SmtpSender(n.smtpUrl, n.mailFrom) } : {}),
  };
}
