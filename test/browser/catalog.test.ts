// 数据目录 in a real browser against a real server: the data office's steward searches the demo catalog in Chinese,
// narrows it by a facet, opens a resource, registers a new one bound to a data element through the wizard (a
// refusal from the server shown next to its field), submits it and approves it until it shows as 已发布.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, type RunningBrowser, type RunningServer, startBrowser, startServer } from './harness';

const ADMIN_PASSWORD = 'Str0ng#Pass2026-catalog';
const STEWARD = 'steward'; // demo seed: 孙数据, data_steward scoped to DSJJ (the data office)
const DEMO_PASSWORD = 'OneCity@Demo2026';
const SEARCH = '信息'; // most demo resource names end in 信息
const POLL = { timeout: 15_000 };
const NEW_NAME = `浏览器测试登记资源${Date.now() % 100000}`;

let server: RunningServer;
let browser: RunningBrowser;
let page: Page;

async function shot(name: string, fullPage = false): Promise<void> {
  await page.waitForTimeout(400);
  await page.screenshot({ path: path.join(ARTIFACTS, `catalog-${name}.png`), fullPage });
}

/** The number in "共 N 个资源", or -1 while it is not shown. */
async function total(): Promise<number> {
  const text = (await page.getByTestId('resource-total').textContent()) ?? '';
  const m = /共 (\d+) 个资源/.exec(text);
  return m ? Number(m[1]) : -1;
}

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  server = await startServer(ADMIN_PASSWORD);
  browser = await startBrowser();
  page = browser.page;
  page.setDefaultTimeout(20_000);
});

afterAll(async () => {
  await browser?.stop();
  await server?.stop();
});

describe('数据目录', () => {
  it('searches the catalog in Chinese and narrows it by a facet', async () => {
    await page.goto(`${server.baseUrl}/login`);
    await page.getByTestId('login-username').fill(STEWARD);
    await page.getByTestId('login-password').fill(DEMO_PASSWORD);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('nav-catalog-resources').click();
    await page.waitForURL(/\/catalog\/resources$/);
    await expect.poll(total, POLL).toBeGreaterThan(0);
    const all = await total();

    await page.getByTestId('resource-search').locator('input').fill(SEARCH);
    await page.getByTestId('resource-search').locator('input').press('Enter');
    await expect.poll(total, POLL).not.toBe(all);
    const searched = await total();
    expect(searched).toBeGreaterThan(0);
    const firstName =
      (await page.getByTestId('resource-table').locator('tbody tr.ant-table-row').first().textContent()) ?? '';
    expect(firstName).toContain(SEARCH);

    // The facet's own count is what the list shows once it is chosen.
    const facet = page.getByTestId('facet-shareType').locator('label', { hasText: '有条件共享' });
    const facetRow = facet.locator('xpath=..');
    const facetCount = Number((await facetRow.locator('.ant-typography').last().textContent())?.trim());
    expect(facetCount).toBeGreaterThan(0);
    expect(facetCount).toBeLessThan(searched);
    await facet.click();
    await expect.poll(total, POLL).toBe(facetCount);
    await shot('01-search-facet');
  });

  it('opens a resource page with its items bound to data elements', async () => {
    await page.getByTestId('resource-link').first().click();
    await page.waitForURL(/\/catalog\/resources\/\d/);
    await page.getByTestId('resource-items').locator('tbody tr.ant-table-row').first().waitFor();
    expect(await page.getByTestId('resource-items').textContent()).toMatch(/DE\d{4}/);
    expect(await page.getByTestId('resource-status').textContent()).toBe('已发布');
    await shot('02-resource', true);
  });

  it('registers a resource through the wizard, submits it and publishes it', async () => {
    await page.getByText('返回目录').click();
    await page.getByTestId('resource-register').click();
    await page.waitForURL(/\/catalog\/resources\/new$/);

    await page.getByTestId('wiz-name').fill(NEW_NAME);
    await page.getByTestId('wiz-summary').fill('浏览器测试登记的部门信息资源，含公民身份号码与姓名。');
    await page.getByTestId('wiz-next').click();

    await page.getByTestId('wiz-item-name-0').fill('公民身份号码');
    await page.getByTestId('wiz-item-element-0').click();
    await page.keyboard.type('身份');
    await page.locator('.ant-select-item-option', { hasText: '公民身份号码' }).first().click();
    await shot('03-wizard-items');
    await page.getByTestId('wiz-next').click();

    // 不予共享 without its legal basis: the server refuses and names the field; the wizard shows it there.
    await page.getByTestId('wiz-share-type').click();
    await page.locator('.ant-select-item-option', { hasText: '不予共享' }).click();
    await page.getByTestId('wiz-next').click();
    await page.getByTestId('wiz-review').waitFor();
    await page.getByTestId('wiz-create').click();
    const basisError = page.locator('.ant-form-item-explain-error');
    await basisError.first().waitFor();
    await shot('04-wizard-field-error');
    await page.getByTestId('wiz-share-type').click();
    await page.locator('.ant-select-item-option', { hasText: '无条件共享' }).click();
    await page.getByTestId('wiz-next').click();
    await page.getByTestId('wiz-review').waitFor();
    await shot('05-wizard-review');
    await page.getByTestId('wiz-create').click();

    await page.waitForURL(/\/catalog\/resources\/3\d{5}-\d{6}$/);
    await expect.poll(() => page.getByTestId('resource-status').textContent(), POLL).toBe('草稿');
    expect(await page.getByTestId('resource-items').textContent()).toContain('公民身份号码');

    await page.getByTestId('resource-submit').click();
    await page.getByTestId('confirm-ok').click();
    await expect.poll(() => page.getByTestId('resource-status').textContent(), POLL).toBe('待审核');

    // The data office's steward reviews: first returned with a reason, shown on the draft; then resubmitted.
    await page.getByTestId('resource-return').click();
    await page.getByTestId('reason-input').fill('请补充姓名信息项');
    await page.getByTestId('reason-ok').click();
    await expect.poll(() => page.getByTestId('resource-status').textContent(), POLL).toBe('草稿');
    await page.getByTestId('status-note').getByText('请补充姓名信息项').waitFor();
    await page.getByTestId('resource-submit').click();
    await page.getByTestId('confirm-ok').click();
    await expect.poll(() => page.getByTestId('resource-status').textContent(), POLL).toBe('待审核');

    // Approve and publish.
    await page.getByTestId('resource-approve').click();
    await page.getByTestId('confirm-ok').click();
    await expect.poll(() => page.getByTestId('resource-status').textContent(), POLL).toBe('已发布');
    await shot('06-published', true);

    // It is in the catalog now.
    await page.getByText('返回目录').click();
    await page.getByTestId('resource-search').locator('input').fill(NEW_NAME);
    await page.getByTestId('resource-search').locator('input').press('Enter');
    await expect.poll(total, POLL).toBe(1);
  });

  it('shows the data element dictionary, the systems registry and the demand list', async () => {
    await page.getByTestId('nav-catalog-elements').click();
    await page.waitForURL(/\/catalog\/elements$/);
    await page.getByTestId('element-open').first().click();
    await page.getByTestId('element-drawer').getByText('版本历史').waitFor();
    expect(await page.getByTestId('element-drawer').textContent()).toMatch(/v1/);
    await shot('07-element');
    await page.keyboard.press('Escape');

    await page.getByTestId('nav-catalog-systems').click();
    await page.waitForURL(/\/catalog\/systems$/);
    await page.getByTestId('systems-table').locator('tbody tr.ant-table-row').first().waitFor();
    const download = page.waitForEvent('download');
    await page.getByTestId('systems-export').click();
    expect((await download).suggestedFilename()).toMatch(/\.csv$/);
    await shot('08-systems');

    await page.getByTestId('nav-catalog-demands').click();
    await page.waitForURL(/\/catalog\/demands$/);
    await page.getByTestId('demands-table').locator('tbody tr.ant-table-row').first().waitFor();
    const open = page.getByTestId('demands-table').locator('tr.ant-table-row', { hasText: '低保' }).first();
    await open.locator('.ant-table-row-expand-icon').click();
    await page.getByText('推荐资源').first().waitFor();
    await shot('09-demands');
  });
});
