// The application shell end to end, in a real browser against a real server: sign-in (and its refusals),
// an administrator creating a department and a scoped user, that user seeing only what the role allows,
// and the language switch.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, type RunningBrowser, type RunningServer, startBrowser, startServer } from './harness';

const ADMIN_PASSWORD = 'Browser-Test-Secret-2026!';
const DEPT = { code: 'BT-GRID', name: '网格化管理试点中心', nameEn: 'Grid Pilot Centre' };
const LEADER = { username: 'pilot.leader', displayName: '周试点', password: 'Qingshan-Ridge-4217!' };

let server: RunningServer;
let browser: RunningBrowser;
let page: Page;

async function shot(name: string): Promise<void> {
  await page.waitForTimeout(300); // let antd motion settle so the picture shows the final state
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });
}

/** Opens an antd Select/TreeSelect by its test id and picks the option showing `text`. */
async function choose(testId: string, text: string, opts: { search?: boolean; tree?: boolean } = {}): Promise<void> {
  await page.getByTestId(testId).click();
  if (opts.search) await page.keyboard.type(text);
  const option = opts.tree
    ? page.locator('.ant-select-dropdown:visible .ant-select-tree-node-content-wrapper', { hasText: text })
    : page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: text });
  await option.first().click();
}

async function signIn(username: string, password: string): Promise<void> {
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
}

async function signOut(): Promise<void> {
  await page.getByTestId('user-menu').click();
  await page.getByTestId('logout').click();
  await page.waitForURL(/\/login/);
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

describe('web shell', () => {
  it('sends an anonymous visitor to the sign-in page, in Chinese by default', async () => {
    await page.goto(`${server.baseUrl}/org/users`);
    await page.waitForURL(/\/login/);
    await expect(page.getByTestId('login-submit').textContent()).resolves.toContain('登录');
    await shot('01-login');
  });

  it("shows the server's own message for a wrong password", async () => {
    await page.getByTestId('login-username').fill('admin');
    await page.getByTestId('login-password').fill('not-the-password');
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/api/v1/auth/login')),
      page.getByTestId('login-submit').click(),
    ]);
    expect(response.status()).toBe(401);
    const body = (await response.json()) as { error: { message: string } };
    await expect(page.getByTestId('login-error').textContent()).resolves.toContain(body.error.message);
    await shot('02-login-wrong-password');
  });

  it('lets the administrator in and shows every administrative entry', async () => {
    await signIn('admin', ADMIN_PASSWORD);
    await page.getByTestId('welcome-card').waitFor();
    for (const id of ['nav-departments', 'nav-users', 'nav-roles', 'nav-api-keys', 'nav-audit']) {
      expect(await page.getByTestId(id).count(), id).toBe(1);
    }
    await shot('03-admin-home');
  });

  it('creates a department under the city root', async () => {
    await page.getByTestId('nav-departments').click();
    await page.getByTestId('dept-create').click(); // the root is selected when the tree arrives
    await page.getByTestId('dept-form-code').fill(DEPT.code);
    await page.getByTestId('dept-form-name').fill(DEPT.name);
    await page.getByTestId('dept-form-name-en').fill(DEPT.nameEn);
    await choose('dept-form-kind', '中心');
    await shot('04-department-form');
    await page.getByTestId('dept-form-submit').click();
    await page.getByTestId(`dept-node-${DEPT.code}`).waitFor();
    await expect(page.getByTestId('dept-detail').textContent()).resolves.toContain(DEPT.code);
    await shot('05-department-created');
  });

  it('creates a leader scoped to that department', async () => {
    await page.getByTestId('nav-users').click();
    await page.getByTestId('users-table').waitFor();
    await page.getByTestId('user-create').click();
    await page.getByTestId('user-form-username').fill(LEADER.username);
    await page.getByTestId('user-form-display-name').fill(LEADER.displayName);
    await page.getByTestId('user-form-password').fill(LEADER.password);
    await choose('user-form-department', DEPT.name, { search: true, tree: true });
    await choose('grant-role-0', '领导');
    await choose('grant-dept-0', DEPT.name, { search: true, tree: true });
    await shot('06-user-form');
    await page.getByTestId('user-form-submit').click();
    await page.getByTestId(`user-row-${LEADER.username}`).waitFor();
    await shot('07-user-created');
  });

  it('shows the new leader only the navigation the role allows', async () => {
    await signOut();
    await signIn(LEADER.username, LEADER.password);
    await page.getByTestId('welcome-card').waitFor();
    await expect(page.getByTestId('welcome-card').textContent()).resolves.toContain(LEADER.displayName);
    for (const id of ['nav-departments', 'nav-users']) expect(await page.getByTestId(id).count(), id).toBe(1);
    for (const id of ['nav-roles', 'nav-api-keys', 'nav-audit']) expect(await page.getByTestId(id).count(), id).toBe(0);
    await shot('08-leader-home');
  });

  it('switches the interface to English and keeps it after a reload', async () => {
    await expect(page.getByTestId('nav-users').textContent()).resolves.toBe('用户');
    await page.getByTestId('lang-switch').click();
    await expect.poll(() => page.getByTestId('nav-users').textContent()).toBe('Users');
    await expect(page.getByTestId('nav-departments').textContent()).resolves.toBe('Departments');
    await page.reload();
    await page.getByTestId('welcome-card').waitFor();
    await expect(page.getByTestId('nav-users').textContent()).resolves.toBe('Users');
    expect(await page.evaluate(() => localStorage.getItem('onecity.locale'))).toBe('en');
    await page.getByTestId('nav-users').click();
    await page.getByTestId('users-table').waitFor();
    await shot('09-leader-users-en');
  });

  it('fits a phone screen, with the navigation in a drawer', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.getByTestId('nav-toggle').click();
    await page.getByTestId('nav-departments').click();
    await page.getByTestId('dept-tree').waitFor();
    await shot('10-phone-departments');
    await page.getByTestId('nav-toggle').click();
    await page.getByTestId('nav-home').waitFor();
    await shot('11-phone-drawer');
  });
});
