// The callbacks given to page.evaluate run in the browser: type them against the DOM.
/// <reference lib="dom" />
import { postGraphql } from '../support/api-server';
import { dashboardFirm, dashboardWorld, describeWithBrowser, LAPTOP, pageProblems, signedIn } from '../support/browser';

describeWithBrowser('the dashboard at /', () => {
  const world = dashboardWorld();

  describe('when a partner signs in with their token', () => {
    it('shows their firm and name, keeps the token in the tab only, and forgets it on sign-out', async () => {
      const { context, page } = await signedIn(world.browser, world.server, world.firm.partner.token);
      await expect(page.locator('header .firm-name').textContent()).resolves.toBe('Hale & Moss');
      await expect(page.locator('header .who').textContent()).resolves.toContain('Ben Moss');
      expect(await page.evaluate(() => sessionStorage.getItem('accord.token'))).toBe(world.firm.partner.token);
      expect(await page.evaluate(() => localStorage.length)).toBe(0);

      await page.reload();
      await page.getByRole('button', { name: 'Sign out' }).waitFor();

      await page.getByRole('button', { name: 'Sign out' }).click();
      await page.getByLabel('Member token').waitFor();
      expect(await page.evaluate(() => sessionStorage.getItem('accord.token'))).toBeNull();
      expect(pageProblems(page)).toEqual([]);
      await context.close();
    });
  });

  describe("when the member's token is revoked while the page is open", () => {
    it('signs out by itself and says why', async () => {
      const ben = await dashboardFirm(world.server, 'Revoked & Co');
      const { context, page } = await signedIn(world.browser, world.server, ben.partner.token);
      const revoked = await postGraphql(world.server, 'mutation($memberId: ID) { revokeToken(memberId: $memberId) { id } }', { memberId: ben.partner.id }, ben.founder.token);
      expect(revoked.errors).toBeUndefined();
      // The server closes the member's socket (4403) within about a second of the revocation.
      await page.getByRole('status').filter({ hasText: 'rotated or revoked' }).waitFor();
      await page.getByLabel('Member token').waitFor();
      expect(await page.evaluate(() => sessionStorage.getItem('accord.token'))).toBeNull();
      await context.close();
    });
  });

  describe('when the server cannot be reached after a first visit', () => {
    it('opens from the service worker, keeps the session, and carries on when the network returns', async () => {
      const { context, page } = await signedIn(world.browser, world.server, world.firm.founder.token, LAPTOP, { serviceWorkers: 'allow' });
      await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
      await context.setOffline(true);
      await page.reload();
      await page.getByRole('status').filter({ hasText: 'The server cannot be reached' }).waitFor();
      expect(await page.evaluate(() => sessionStorage.getItem('accord.token'))).toBe(world.firm.founder.token);
      await context.setOffline(false);
      await expect(page.locator('header .firm-name').textContent()).resolves.toBe('Hale & Moss');
      await context.close();
    });
  });

  describe('when a partner uses only the keyboard', () => {
    it('skips to the form, signs in, lands on the content, and moves through the pages with focus following', async () => {
      const context = await world.browser.newContext();
      const page = await context.newPage();
      await page.goto(world.server.httpUrl);
      // React renders after the load event: wait for the form before the first key.
      await page.getByLabel('Member token').waitFor();
      await page.keyboard.press('Tab');
      expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Skip to content');
      await page.keyboard.press('Tab');
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('token');
      await page.keyboard.type(world.firm.partner.token);
      await page.keyboard.press('Enter');
      await page.getByRole('button', { name: 'Sign out' }).waitFor();
      // The form went away with the focus in it: focus starts again at the content.
      await page.waitForFunction(() => document.activeElement?.id === 'main');
      await page.keyboard.press('Shift+Tab');
      expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Sign out');

      // Following a link moves focus to the new page and names the tab after it, as a page load would.
      await page.getByRole('link', { name: 'Decisions', exact: true }).focus();
      await page.keyboard.press('Enter');
      await page.getByRole('heading', { level: 1, name: 'Decisions' }).waitFor();
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('main');
      await page.waitForFunction(() => document.title === 'Decisions · Accord');
      await context.close();
    });
  });

  describe('when the token is wrong', () => {
    it('says so next to the field and stays signed out', async () => {
      const context = await world.browser.newContext();
      const page = await context.newPage();
      await page.goto(world.server.httpUrl);
      await page.getByLabel('Member token').fill('not-a-token');
      await page.getByRole('button', { name: 'Sign in' }).click();
      await expect(page.getByRole('alert').textContent()).resolves.toContain('not valid');
      expect(await page.evaluate(() => sessionStorage.getItem('accord.token'))).toBeNull();
      await context.close();
    });
  });

  describe('when a page address is opened directly', () => {
    it('serves the app for client routes, hashed assets for a year, and leaves the API paths alone', async () => {
      const page = await fetch(`${world.server.httpUrl}/decisions/some-id`, { headers: { accept: 'text/html' } });
      expect(page.status).toBe(200);
      expect(page.headers.get('content-security-policy')).toContain("default-src 'self'");
      const html = await page.text();
      const asset = /src="(\/assets\/[^"]+\.js)"/.exec(html)![1];
      const script = await fetch(`${world.server.httpUrl}${asset}`);
      expect(script.headers.get('cache-control')).toContain('immutable');
      expect(script.headers.get('content-type')).toContain('javascript');
      expect((await fetch(`${world.server.httpUrl}/health`)).status).toBe(200);
      expect((await fetch(`${world.server.httpUrl}/assets/missing.js`, { headers: { accept: 'text/html' } })).status).toBe(404);
      expect((await fetch(`${world.server.httpUrl}/../package.json`)).status).toBe(404);
    });
  });
});
