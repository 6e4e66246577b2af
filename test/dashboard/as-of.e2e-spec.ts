import type { Browser, Page } from 'playwright-core';
import { formatDebt } from '../../apps/dashboard/src/ui/format';
import { toLocalInput } from '../../apps/dashboard/src/as-of/timeline';
import { ManualClock, startApiServer, type ApiServer } from '../support/api-server';
import { mustGraphql } from '../support/api-steps';
import { dashboardFirm, describeWithBrowser, launchChromium, pageProblems, PHONE, signedIn, type DashboardFirm } from '../support/browser';

/*
 * The as-of page against a server on a manual clock: a VISION disagreement raised on day 0 and a decision
 * defining `optimizing_for` that resolves it, locked on day 10. The browser's own clock is real time
 * (months away), so the page can only get these right by taking "now" from the server.
 */
const T0 = '2026-01-05T09:00:00.000Z';
const day = (n: number) => new Date(Date.parse(T0) + n * 86_400_000).toISOString();
const TOPIC = 'What are we optimizing for this year?';
const ANSWER = 'Retainer clients who renew';
const TITLE = 'Optimize for renewing retainers';

type Debt = { asOf: string; total: number; openCount: number; items: Array<{ ageDays: number; debt: number }>; paid: Array<{ ageDays: number; debt: number }> };

/** Counts moments the results vanish (a loading flash) and notes whether they were ever shown busy. */
const WATCH_FOR_FLICKER = `(() => {
  window.asOfFlicker = 0;
  window.asOfBusySeen = false;
  new MutationObserver(() => {
    const results = document.querySelector('.as-of-results');
    if (!results) window.asOfFlicker += 1;
    else if (results.getAttribute('aria-busy') === 'true') window.asOfBusySeen = true;
  }).observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
})()`;

describeWithBrowser('the as-of page', () => {
  const clock = new ManualClock(T0);
  let server: ApiServer;
  let browser: Browser;
  let firm: DashboardFirm;

  const gql = <Data>(query: string, variables: Record<string, unknown>, token = firm.founder.token): Promise<Data> => mustGraphql<Data>(server, token, query, variables);
  const apiDebt = async (asOf?: string): Promise<Debt> =>
    (
      await gql<{ conflictDebt: Debt }>('query($f: ID!, $a: DateTime) { conflictDebt(firmId: $f, asOf: $a) { asOf total openCount items { ageDays debt } paid { ageDays debt } } }', {
        f: firm.firmId,
        a: asOf,
      })
    ).conflictDebt;

  beforeAll(async () => {
    server = await startApiServer({}, { clock });
    browser = await launchChromium();
    firm = await dashboardFirm(server);
    const raised = await gql<{ raiseDisagreement: { id: string } }>('mutation($f: ID!, $i: RaiseDisagreementInput!) { raiseDisagreement(firmId: $f, input: $i) { id } }', {
      f: firm.firmId,
      i: { topic: TOPIC, layer: 'VISION', positions: [{ memberId: firm.founder.id, text: 'Growth' }, { memberId: firm.partner.id, text: 'Profit per partner' }] },
    });
    clock.advanceDays(10);
    const proposed = await gql<{ proposeDecision: { id: string } }>('mutation($f: ID!, $i: ProposeDecisionInput!) { proposeDecision(firmId: $f, input: $i) { id } }', {
      f: firm.firmId,
      i: {
        title: TITLE, layer: 'VISION', questionKey: 'optimizing_for', chosenAnswer: ANSWER, outcome: 'Steady income',
        rationale: 'Renewals fund everything else.', alternatives: ['Growth'], resolves: [raised.raiseDisagreement.id],
      },
    });
    const endorse = 'mutation($d: ID!) { endorseDecision(decisionId: $d) { status } }';
    await gql(endorse, { d: proposed.proposeDecision.id }, firm.founder.token);
    const locked = await gql<{ endorseDecision: { status: string } }>(endorse, { d: proposed.proposeDecision.id }, firm.partner.token);
    expect(locked.endorseDecision.status).toBe('LOCKED');
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  /** The heading the page shows for an instant, formatted by the browser's own locale and zone. */
  const shownAt = async (page: Page, iso: string, now = false) => {
    const date = await page.evaluate((at) => new Date(at).toLocaleString(undefined, { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' }), iso);
    const heading = page.getByRole('heading', { level: 2, name: `As of ${date}${now ? ' (now)' : ''}`, exact: true });
    await heading.waitFor();
    await page.locator('.as-of-results[aria-busy="false"]').waitFor();
  };
  const total = (page: Page, term: string) => page.locator('.as-of-totals > div', { hasText: term }).locator('dd').textContent();
  const openTable = (page: Page) => page.getByRole('table', { name: 'Disagreements open at that instant' });
  const paidTable = (page: Page) => page.getByRole('table', { name: 'Disagreements resolved by then' });
  const atParam = (page: Page) => new URL(page.url()).searchParams.get('at');

  describe('when a partner travels back before the decision', () => {
    it('shows the definition and paid debt now, no definition and the open debt of the day chosen, equal to the API', async () => {
      const { context, page } = await signedIn(browser, server, firm.partner.token);
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'As of', exact: true }).click();
      await page.getByRole('heading', { level: 1, name: 'As of', exact: true }).waitFor();

      // Now: the server's day 10, not the browser's date.
      const now = await apiDebt();
      expect(now.asOf).toBe(day(10));
      await shownAt(page, day(10), true);
      await expect(page.locator('.as-of-answer').textContent()).resolves.toBe(ANSWER);
      await expect(paidTable(page).getByRole('row', { name: new RegExp(TOPIC.replace('?', '\\?')) }).textContent()).resolves.toBe(`${TOPIC}Vision10 days${formatDebt(now.paid[0].debt)}`);
      expect(now.paid[0].debt).toBe(40);
      await expect(total(page, 'Total debt')).resolves.toBe(formatDebt(now.total));
      await expect(total(page, 'Open disagreements')).resolves.toBe('0');
      expect(atParam(page)).toBeNull();

      // Keyboard: Home lands on the founding (day 0), ArrowRight one step (an hour) later.
      const slider = page.getByRole('slider', { name: 'As of' });
      await page.evaluate(WATCH_FOR_FLICKER);
      await slider.focus();
      await page.keyboard.press('Home');
      await page.waitForURL((url) => url.searchParams.get('at') === day(0));
      await shownAt(page, day(0));
      await page.getByText('No definition was locked yet.').waitFor();
      await page.keyboard.press('ArrowRight');
      const anHourIn = new Date(Date.parse(T0) + 3_600_000).toISOString();
      await page.waitForURL((url) => url.searchParams.get('at') === anHourIn);
      await shownAt(page, anHourIn);
      const early = await apiDebt(anHourIn);
      await expect(total(page, 'Total debt')).resolves.toBe(formatDebt(early.total));
      expect(early.total).toBeCloseTo(4 / 24);

      // Exact entry: day 5 → open for 5 days × VISION's weight 4.
      await page.getByLabel('Exact date and time').fill(toLocalInput(Date.parse(day(5))));
      await page.waitForURL((url) => url.searchParams.get('at') === day(5));
      await shownAt(page, day(5));
      const then = await apiDebt(day(5));
      expect(then).toMatchObject({ total: 20, openCount: 1, paid: [] });
      await expect(total(page, 'Total debt')).resolves.toBe(formatDebt(then.total));
      await expect(total(page, 'Open disagreements')).resolves.toBe(String(then.openCount));
      await expect(openTable(page).getByRole('row', { name: new RegExp(TOPIC.replace('?', '\\?')) }).textContent()).resolves.toBe(`${TOPIC}Vision5 days20`);
      await page.getByText('No definition was locked yet.').waitFor();
      await page.getByText('Nothing was paid yet.').waitFor();
      await expect(slider.getAttribute('aria-valuetext')).resolves.not.toContain('Now');
      await page.getByRole('status').filter({ hasText: 'conflict debt 20 with 1 open disagreement' }).waitFor({ state: 'attached' });

      // While the slider moved and each answer loaded, the previous instant stayed on screen.
      expect(await page.evaluate('window.asOfFlicker')).toBe(0);
      expect(await page.evaluate('window.asOfBusySeen')).toBe(true);

      // The address is shareable: a fresh load of it shows the same instant.
      await page.reload();
      await shownAt(page, day(5));
      await expect(total(page, 'Total debt')).resolves.toBe('20');

      // Landing on the lock brings the definition back; "Now" returns to the server's now.
      await page.getByRole('button', { name: `Jump to: Decision “${TITLE}” locked` }).click();
      await shownAt(page, day(10), true);
      await expect(page.locator('.as-of-answer').textContent()).resolves.toBe(ANSWER);
      await slider.focus();
      await page.keyboard.press('Home');
      await shownAt(page, day(0));
      await page.getByRole('button', { name: 'Now' }).click();
      await shownAt(page, day(10), true);
      expect(atParam(page)).toBeNull();

      expect(pageProblems(page)).toEqual([]);
      await context.close();
    });
  });

  describe('when the shared address is opened on a phone', () => {
    it('shows that instant without scrolling sideways', async () => {
      const { context, page } = await signedIn(browser, server, firm.facilitator.token, PHONE);
      await page.goto(`${server.httpUrl}/as-of?at=${encodeURIComponent(day(5))}`);
      await shownAt(page, day(5));
      await expect(total(page, 'Total debt')).resolves.toBe('20');
      await expect(page.getByLabel('Exact date and time').inputValue()).resolves.toBe(toLocalInput(Date.parse(day(5))));
      // A string: the test project's TypeScript has no DOM library.
      expect(await page.evaluate('document.documentElement.scrollWidth <= document.documentElement.clientWidth')).toBe(true);
      expect(pageProblems(page)).toEqual([]);
      await context.close();
    });
  });
});
