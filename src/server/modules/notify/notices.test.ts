// The pure parts of notices: the zh-CN templates, who can get an SMS, the retry schedule, the webhook URL guard and
// the notify settings.
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../config.ts';
import { smsNumber } from './citizen-notices.ts';
import { MAX_ATTEMPTS, retryAt } from './deliveries.ts';
import { renderCitizenNotice } from './templates.ts';
import { checkWebhookUrl, signWebhook, verifyWebhookSignature } from './webhook-signing.ts';

describe('citizen notice templates', () => {
  it('puts the case number and how to follow it in the 受理回执', () => {
    const m = renderCitizenNotice('receipt', { caseNo: '20261129-0000123' });
    expect(m.subject).toBe('【12345】受理回执 20261129-0000123');
    expect(m.text).toContain('工单号 20261129-0000123');
    expect(m.text).toContain('手机号后四位');
  });

  it('links the rating page when the public address is configured', () => {
    const m = renderCitizenNotice('closed', { caseNo: '20261129-0000123', publicUrl: 'https://12345.example.gov.cn' });
    expect(m.text).toContain('https://12345.example.gov.cn/track?caseNo=20261129-0000123');
    expect(m.text).toContain('已办结');
  });

  it('names the master case in the 并案 notices', () => {
    expect(renderCitizenNotice('merged', { caseNo: 'A', masterCaseNo: 'M' }).text).toContain('与工单 M');
    expect(renderCitizenNotice('merged_closed', { caseNo: 'A', masterCaseNo: 'M' }).text).toContain('工单 M 已办结');
  });
});

describe('SMS recipients', () => {
  it('sends SMS to mainland mobiles only', () => {
    expect(smsNumber('13912345678')).toBe('13912345678');
    expect(smsNumber('+86 139-1234-5678')).toBe('13912345678');
    expect(smsNumber('0512-65223456')).toBeNull();
    expect(smsNumber(null)).toBeNull();
  });
});

describe('retry schedule', () => {
  it('waits 1 m, 5 m, 30 m, 2 h, 12 h and gives up after the sixth attempt', () => {
    const t0 = new Date('2026-01-01T00:00:00Z');
    const waits = [1, 2, 3, 4, 5].map((n) => (retryAt(n, t0)?.getTime() ?? 0) - t0.getTime());
    expect(waits).toEqual([60_000, 300_000, 1_800_000, 7_200_000, 43_200_000]);
    expect(retryAt(MAX_ATTEMPTS, t0)).toBeNull();
  });
});

describe('webhook URLs and signatures', () => {
  it('allows http(s) to private hosts by default and refuses other schemes and credentials', () => {
    expect(checkWebhookUrl('http://10.0.0.5:8080/hook', undefined).hostname).toBe('10.0.0.5');
    expect(checkWebhookUrl('https://hooks.city.gov.cn/x', undefined).protocol).toBe('https:');
    for (const bad of ['ftp://x/y', 'file:///etc/passwd', 'https://a:b@x/y', 'javascript:alert(1)', '']) {
      expect(() => checkWebhookUrl(bad, undefined), bad).toThrow();
    }
  });

  it('keeps to the allow-list when one is set', () => {
    expect(() => checkWebhookUrl('https://hooks.city.gov.cn/x', ['hooks.city.gov.cn'])).not.toThrow();
    expect(() => checkWebhookUrl('https://evil.example/x', ['hooks.city.gov.cn'])).toThrow(
      expect.objectContaining({ code: 'WEBHOOK_HOST_NOT_ALLOWED' }),
    );
  });

  it('signs timestamp + "." + body and detects any change', () => {
    const sig = signWebhook('s3cret', '1764400000', '{"a":1}');
    expect(sig).toMatch(/^sha256=[0-9a-f]{64}$/);
    expect(verifyWebhookSignature('s3cret', '1764400000', '{"a":1}', sig)).toBe(true);
    expect(verifyWebhookSignature('s3cret', '1764400001', '{"a":1}', sig)).toBe(false);
    expect(verifyWebhookSignature('s3cret', '1764400000', '{"a":2}', sig)).toBe(false);
  });
});

describe('notify settings', () => {
  it('reads the SMTP, SMS and webhook settings', () => {
    const c = loadConfig({
      ONECITY_SMTP_URL: 'smtp://mail.city.gov.cn:587',
      ONECITY_SMS_GATEWAY_URL: 'http://10.1.1.1/sms',
      ONECITY_WEBHOOK_ALLOWED_HOSTS: 'A.city.gov.cn, b.city.gov.cn',
      ONECITY_PUBLIC_URL: 'https://12345.example.gov.cn/',
    });
    expect(c.notify).toMatchObject({
      smtpUrl: 'smtp://mail.city.gov.cn:587',
      smsGatewayUrl: 'http://10.1.1.1/sms',
      webhookAllowedHosts: ['a.city.gov.cn', 'b.city.gov.cn'],
      publicUrl: 'https://12345.example.gov.cn',
    });
    expect(loadConfig({}).notify).toMatchObject({ smtpUrl: undefined, smsGatewayUrl: undefined });
  });

  it('stops start-up on a wrong scheme, naming the setting', () => {
    expect(() => loadConfig({ ONECITY_SMTP_URL: 'http://mail' })).toThrow(ConfigError);
    expect(() => loadConfig({ ONECITY_SMS_GATEWAY_URL: 'ftp://x' })).toThrow(/ONECITY_SMS_GATEWAY_URL/);
    expect(() => loadConfig({ ONECITY_PUBLIC_URL: 'not a url' })).toThrow(/ONECITY_PUBLIC_URL/);
  });
});
