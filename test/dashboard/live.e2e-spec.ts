// The callbacks given to page.evaluate run in the browser: type them against the DOM.
/// <reference lib="dom" />
import type { Socket } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { startApiServer, type ApiServer } from '../support/api-server';
import { closedCheck, mustGraphql } from '../support/api-steps';
import { dashboardFirm, describeWithBrowser, launchChromium, pageProblems, signedIn, type DashboardFirm } from '../support/browser';

const ANSWERS: Record<string, string> = {
  client_outcome: 'Whether the contract will survive a dispute in court',
  optimizing_for: 'Margin per partner hour on fixed-fee work',
  refuse_to_do: 'Litigation against former clients',
};

/** What Chromium logs while it is offline: the reconnect attempts, which are expected. */
const OFFLINE_NOISE = /WebSocket connection to .* failed|ERR_INTERNET_DISCONNECTED|Failed to load resource/;

describeWithBrowser('the Live page', () => {
  let server: ApiServer;
  let browser: Browser;
  let firm: DashboardFirm;
  /** The raw sockets behind the browser's WebSockets, so a test can cut them. */
  const upgraded = new Set<Socket>();
  let cutOff = false;

  const gql = <T = any>(token: string, query: string, variables: Record<string, unknown> = {}) => mustGraphql<T>(server, token, query, variables);

  /** Opens a check, both partners answer the same (which reveals it), the facilitator judges and closes it. */
  async function runCheck(judgements: Record<string, 'MATCH' | 'MISMATCH'>): Promise<number> {
    const answers = Object.fromEntries(Object.entries(ANSWERS).map(([key, text]) => [key, [text, text]]));
    const partners = [firm.founder.token, firm.partner.token];
    return (await closedCheck(server, { firmId: firm.firmId, facilitator: firm.facilitator.token, partners, answers, judgements })).score;
  }

  /** Every position of the firm's log, as the API lists it, newest first. */
  async function apiPositions(): Promise<number[]> {
    const log = await gql(firm.auditor.token, 'query ($f: ID!) { auditLog(firmId: $f, first: 1000) { events { position } hasMore } }', { f: firm.firmId });
    expect(log.auditLog.hasMore).toBe(false);
    return (log.auditLog.events as Array<{ position: number }>).map((event) => event.position).reverse();
  }

  /** Waits until the page's event table starts with `newest`, then returns its positions column. */
  async function shownPositions(page: Page, newest: number): Promise<number[]> {
    await page.waitForFunction((n) => document.querySelector('.audit-table tbody td')?.textContent === String(n), newest, { timeout: 15000 });
    const cells = await page.getByRole('table', { name: /events, newest first/ }).locator('tbody tr td:first-child').allTextContents();
    return cells.map(Number);
  }

  const raise = (topic: string) =>
    gql(firm.founder.token, 'mutation ($f: ID!, $i: RaiseDisagreementInput!) { raiseDisagreement(firmId: $f, input: $i) { id } }', {
      f: firm.firmId,
      i: { topic, layer: 'PROCESS', positions: [{ memberId: firm.partner.id, text: 'Weekly' }] },
    });

  beforeAll(async () => {
    server = await startApiServer();
    browser = await launchChromium();
    firm = await dashboardFirm(server);
    server.app.getHttpServer().on('upgrade', (_request: unknown, socket: Socket) => {
      // While cut off, every reconnection attempt dies at once, however fast graphql-ws retries.
      if (cutOff) socket.destroy();
      else upgraded.add(socket);
    });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  describe('when a check scores lower than the one before', () => {
    it("toasts the drift on a partner's other page, lists it on /live, feeds every event live and verifies the log", async () => {
      const auditor = await signedIn(browser, server, firm.auditor.token);
      await auditor.page.getByRole('link', { name: 'Live & audit' }).click();
      await auditor.page.getByRole('heading', { name: 'Live and audit', level: 1 }).waitFor();
      await auditor.page.getByRole('status').filter({ hasText: /^Live$/ }).waitFor();
      await auditor.page.getByText('No drift so far.').waitFor();
      const partner = await signedIn(browser, server, firm.partner.token);
      // The toasts start from the head, read once: wait for it so the drift below comes after.
      await partner.page.waitForFunction(() => sessionStorage.getItem('accord.drift.position') !== null);

      expect(await runCheck({ client_outcome: 'MATCH', optimizing_for: 'MATCH', refuse_to_do: 'MATCH' })).toBe(3);
      expect(await runCheck({ client_outcome: 'MISMATCH', optimizing_for: 'MISMATCH', refuse_to_do: 'MATCH' })).toBe(1);

      const toast = partner.page.getByTestId('toast').filter({ hasText: 'Alignment fell from 3 to 1.' });
      await toast.waitFor();
      await expect(toast.textContent()).resolves.toContain('Alignment dropped');
      expect(new URL(partner.page.url()).pathname).toBe('/');
      expect(await partner.page.getByTestId('toast').count()).toBe(1);

      await auditor.page.getByRole('list', { name: 'Drift, newest first' }).getByText('Alignment fell from 3 to 1.').waitFor();
      const positions = await apiPositions();
      expect(await shownPositions(auditor.page, positions[0])).toEqual(positions);

      const report = (await gql(firm.auditor.token, 'query ($f: ID!) { verifyIntegrity(firmId: $f) { ok eventsChecked streamsChecked } }', { f: firm.firmId })).verifyIntegrity;
      expect(report.ok).toBe(true);
      await auditor.page.getByRole('button', { name: 'Verify integrity' }).click();
      const status = auditor.page.getByRole('status').filter({ hasText: 'Events checked' });
      await status.waitFor();
      const text = await status.innerText();
      expect(text).toContain('Intact');
      expect(text).toMatch(new RegExp(`Events checked\\s+${report.eventsChecked}\\b`));
      expect(text).toMatch(new RegExp(`Streams checked\\s+${report.streamsChecked}\\b`));
      expect(text).toMatch(/First broken position\s+none/);

      expect(pageProblems(auditor.page)).toEqual([]);
      expect(pageProblems(partner.page)).toEqual([]);
      await auditor.context.close();
      await partner.context.close();
    });
  });

  describe('when the connection drops and comes back', () => {
    it('resumes after the last position seen: every missed event once, in order, and a drift toast for the missed drift', async () => {
      const { context, page } = await signedIn(browser, server, firm.auditor.token);
      await page.getByRole('link', { name: 'Live & audit' }).click();
      await page.getByRole('status').filter({ hasText: /^Live$/ }).waitFor();
      expect(await runCheck({ client_outcome: 'MATCH', optimizing_for: 'MATCH', refuse_to_do: 'MATCH' })).toBe(3);
      const before = await apiPositions();
      await shownPositions(page, before[0]);

      // Neither context.setOffline nor CDP's offline emulation closes an open WebSocket in Chromium (nor
      // stops a new one): go offline, drop the page's socket from the server's side, and refuse its
      // reconnections until the test lets it back.
      await context.setOffline(true);
      cutOff = true;
      for (const socket of upgraded) socket.destroy();
      upgraded.clear();
      await page.getByRole('status').filter({ hasText: /Reconnecting… will resume after position \d+/ }).waitFor({ timeout: 15000 });
      await raise('Weekly or daily timesheets?');
      await raise('Who signs off on fixed fees?');
      expect(await runCheck({ client_outcome: 'MISMATCH', optimizing_for: 'MISMATCH', refuse_to_do: 'MISMATCH' })).toBe(0);
      await page.getByRole('status').filter({ hasText: /Reconnecting…/ }).waitFor();
      cutOff = false;
      await context.setOffline(false);

      const after = await apiPositions();
      expect(after.length).toBeGreaterThan(before.length + 10);
      await page.getByRole('status').filter({ hasText: /^Live$/ }).waitFor({ timeout: 30000 });
      expect(await shownPositions(page, after[0])).toEqual(after);
      await page.getByTestId('toast').filter({ hasText: 'Alignment fell from 3 to 0.' }).waitFor();
      expect(await page.getByTestId('toast').filter({ hasText: 'Alignment fell' }).count()).toBe(1);

      expect(pageProblems(page).filter((problem) => !OFFLINE_NOISE.test(problem))).toEqual([]);
      await context.close();
    });
  });
});
