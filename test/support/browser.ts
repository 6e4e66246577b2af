import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { postGraphql, startApiServer, type ApiServer } from './api-server';

/**
 * Headless Debian Chromium driven by playwright-core. jest's global setup checks it exists (and fails
 * the run under CI=true when it does not); elsewhere the browser suites skip and setup says why.
 */
export const browserUp = process.env.ACCORD_TEST_BROWSER === 'up';
export const describeWithBrowser: jest.Describe = browserUp ? describe : describe.skip;

/** Where the tests leave the screenshots the README links. */
export const SCREENSHOT_DIR = join(__dirname, '../../docs/screenshots');

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.ACCORD_TEST_CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    // Without the background-networking flags Chromium keeps dialling Google's hosts, which this closed
    // network refuses; playwright gives each launch a fresh --user-data-dir itself.
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

export const LAPTOP = { width: 1280, height: 860 };
export const PHONE = { width: 390, height: 844 };

/** A fresh browser context (its own sessionStorage) signed in with `token` through the sign-in page. */
export async function signedIn(
  browser: Browser,
  server: ApiServer,
  token: string,
  viewport = LAPTOP,
  options: { serviceWorkers?: 'block' | 'allow'; bypassCSP?: boolean } = {},
): Promise<{ context: BrowserContext; page: Page }> {
  // The service worker is blocked unless a test is about it, so every test sees the server's own answers;
  // the page's CSP holds unless a test injects a checker (axe) of its own.
  const context = await browser.newContext({ viewport, serviceWorkers: options.serviceWorkers ?? 'block', bypassCSP: options.bypassCSP ?? false });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
  });
  (page as Page & { problems?: string[] }).problems = problems;
  await page.goto(server.httpUrl);
  await page.getByLabel('Member token').fill(token);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page
    .getByRole('button', { name: 'Sign out' })
    .waitFor({ timeout: 15000 })
    .catch(async (error: Error) => {
      throw new Error(`${error.message}\nproblems: ${problems.join('\n')}\npage: ${(await page.locator('body').innerText()).slice(0, 500)}`);
    });
  return { context, page };
}

/** Errors the page logged or threw since it opened (CSP violations show up here too). */
export function pageProblems(page: Page): string[] {
  return (page as Page & { problems?: string[] }).problems ?? [];
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

export interface DashboardFirm {
  firmId: string;
  founder: { id: string; token: string };
  partner: { id: string; token: string };
  facilitator: { id: string; token: string };
  auditor: { id: string; token: string };
}

/** A firm with two partners (Ada founded it, Ben joined), a facilitator and an auditor, made over the API. */
export async function dashboardFirm(server: ApiServer, name = 'Hale & Moss'): Promise<DashboardFirm> {
  const created = await postGraphql<{ createFirm: { firm: { id: string }; member: { id: string }; token: string } }>(
    server,
    'mutation($input: CreateFirmInput!) { createFirm(input: $input) { firm { id } member { id } token } }',
    { input: { name, kind: 'LAW', founderName: 'Ada Hale' } },
  );
  const firmId = created.data!.createFirm.firm.id;
  const founder = { id: created.data!.createFirm.member.id, token: created.data!.createFirm.token };
  const add = async (memberName: string, role: string) => {
    const added = await postGraphql<{ addMember: { member: { id: string }; token: string } }>(
      server,
      'mutation($firmId: ID!, $input: AddMemberInput!) { addMember(firmId: $firmId, input: $input) { member { id } token } }',
      { firmId, input: { name: memberName, role } },
      founder.token,
    );
    if (!added.data) throw new Error(JSON.stringify(added.errors));
    return { id: added.data.addMember.member.id, token: added.data.addMember.token };
  };
  return { firmId, founder, partner: await add('Ben Moss', 'PARTNER'), facilitator: await add('Fay Reed', 'FACILITATOR'), auditor: await add('Al Dunn', 'AUDITOR') };
}

export interface DashboardWorld {
  server: ApiServer;
  browser: Browser;
  firm: DashboardFirm;
}

/** For a describe block: a fresh server, a Chromium and the firm of `dashboardFirm`, made before its tests and closed after. */
export function dashboardWorld(): DashboardWorld {
  const world = {} as DashboardWorld;
  beforeAll(async () => {
    world.server = await startApiServer();
    world.browser = await launchChromium();
    world.firm = await dashboardFirm(world.server);
  });
  afterAll(async () => {
    await world.browser?.close();
    await world.server?.close();
  });
  return world;
}
