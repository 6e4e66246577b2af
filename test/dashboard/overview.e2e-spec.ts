import type { Browser, Page } from 'playwright-core';
import { formatDebt } from '../../apps/dashboard/src/ui/format';
import { ManualClock, startApiServer, type ApiServer } from '../support/api-server';
import { closedCheck, mustGraphql } from '../support/api-steps';
import { dashboardFirm, describeWithBrowser, launchChromium, pageProblems, PHONE, signedIn, type DashboardFirm } from '../support/browser';

const FOUNDED = '2026-10-01T09:00:00.000Z';
const ANSWERS: Record<string, [string, string]> = {
  client_outcome: ['Clients stop worrying about missed court deadlines', 'Clients stop worrying about missed filing dates in court'],
  optimizing_for: ['Margin per partner hour on fixed-fee work', 'Margin per partner hour on fixed-fee contracts'],
  refuse_to_do: ['Litigation against former clients', 'Any work for tobacco companies'],
};

/**
 * The overview over the real server. A manual clock lets days pass between raising disagreements,
 * so ages, debt and bar order are exact rather than a few milliseconds apart.
 */
describeWithBrowser('the overview page', () => {
  const clock = new ManualClock(FOUNDED);
  let server: ApiServer;
  let browser: Browser;
  let firm: DashboardFirm;
  let firstCheckId: string;
  let decisionId: string;

  const ok = <T = any>(token: string, query: string, variables: Record<string, unknown> = {}) => mustGraphql<T>(server, token, query, variables);

  /** Opens a check, both partners answer, it reveals by itself, each question is judged, and it closes. */
  async function runCheck(judgements: Record<string, 'MATCH' | 'MISMATCH'>): Promise<string> {
    const partners = [firm.founder.token, firm.partner.token];
    return (await closedCheck(server, { firmId: firm.firmId, facilitator: firm.facilitator.token, partners, answers: ANSWERS, judgements })).checkId;
  }

  async function raise(layer: string, topic: string): Promise<void> {
    await ok(firm.founder.token, 'mutation ($f: ID!, $i: RaiseDisagreementInput!) { raiseDisagreement(firmId: $f, input: $i) { id } }', {
      f: firm.firmId,
      i: { layer, topic, positions: [{ memberId: firm.founder.id, text: `Ada's view on ${topic}` }, { memberId: firm.partner.id, text: `Ben's view on ${topic}` }] },
    });
  }

  const apiDebtTotal = async () => (await ok(firm.founder.token, 'query ($f: ID!) { conflictDebt(firmId: $f) { total } }', { f: firm.firmId })).conflictDebt.total as number;

  async function openOverview(viewport?: typeof PHONE): Promise<{ page: Page; close: () => Promise<void> }> {
    const { context, page } = await signedIn(browser, server, firm.founder.token, viewport);
    await page.getByRole('heading', { level: 1, name: 'Overview' }).waitFor();
    return { page, close: () => context.close() };
  }

  beforeAll(async () => {
    server = await startApiServer({}, { clock });
    browser = await launchChromium();
    firm = await dashboardFirm(server);
    clock.advanceDays(1);
    await raise('PEOPLE', 'Who leads the Hartwell account');
    clock.advanceDays(1);
    firstCheckId = await runCheck({ client_outcome: 'MATCH', optimizing_for: 'MATCH', refuse_to_do: 'MISMATCH' });
    clock.advanceDays(2);
    await raise('PROCESS', 'How we price fixed-fee work');
    await raise('PEOPLE', 'Whether to hire a third partner');
    const proposed = await ok<{ proposeDecision: { id: string } }>(
      firm.founder.token,
      'mutation ($f: ID!, $i: ProposeDecisionInput!) { proposeDecision(firmId: $f, input: $i) { id } }',
      {
        f: firm.firmId,
        i: {
          title: 'Deadlines are the promise',
          layer: 'VISION',
          questionKey: 'client_outcome',
          chosenAnswer: 'Clients stop worrying about missed court deadlines',
          outcome: 'Clients who renew every year',
          rationale: 'Both partners named deadlines first when asked separately.',
          alternatives: ['Lowest fees in town'],
        },
      },
    );
    decisionId = proposed.proposeDecision.id;
    for (const token of [firm.founder.token, firm.partner.token]) {
      await ok(token, 'mutation ($d: ID!) { endorseDecision(decisionId: $d) { status } }', { d: decisionId });
    }
    clock.advanceDays(3);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('says so when no check has closed yet, with no overdue banner for a fresh firm', async () => {
    const fresh = await dashboardFirm(server, 'Fresh & Co');
    const { context, page } = await signedIn(browser, server, fresh.founder.token);
    const latest = page.getByRole('region', { name: 'Latest check' });
    await latest.getByText('No check has closed yet').waitFor();
    await expect(latest.getByRole('link', { name: 'Go to the checks' }).getAttribute('href')).resolves.toBe('/checks');
    await expect(page.getByTestId('debt-total').innerText()).resolves.toBe('0');
    await expect(page.getByRole('region', { name: 'Aligned definitions' }).innerText()).resolves.toContain('No question has an agreed answer yet');
    await expect(page.locator('.banner-overdue').count()).resolves.toBe(0);
    expect(pageProblems(page)).toEqual([]);
    await context.close();
  });

  it('shows the latest verdict, its chart, the debt, the bars by layer and the aligned definitions; no overdue banner', async () => {
    const { page, close } = await openOverview();
    const latest = page.getByRole('region', { name: 'Latest check' });
    await latest.getByText('Friction').waitFor();
    await expect(latest.innerText()).resolves.toContain('2 of 3 answers matched');
    await expect(latest.getByRole('link', { name: 'See this check' }).getAttribute('href')).resolves.toBe(`/checks/${firstCheckId}`);

    const chart = page.getByTestId('alignment-chart');
    await expect(chart.getAttribute('aria-label')).resolves.toContain('1 closed check');
    await expect(page.getByTestId('alignment-row').count()).resolves.toBe(1);
    await expect(chart.locator('.recharts-surface').count()).resolves.toBe(1);

    // 6 days × PEOPLE 3 + 5 days × VISION 4 + 3 days × PROCESS 2 + 3 days × PEOPLE 3.
    const total = await apiDebtTotal();
    expect(total).toBe(53);
    await expect(page.getByTestId('debt-total').innerText()).resolves.toBe(formatDebt(total));
    await page.getByTestId('debt-chart').waitFor();
    await expect(page.getByTestId('debt-chart').getAttribute('aria-label')).resolves.toMatch(/^Conflict debt at 16 instants .* to 53\.$/);

    const bars = page.getByTestId('debt-bar');
    await expect(bars.evaluateAll((items) => items.map((item) => item.getAttribute('data-layer')))).resolves.toEqual(['VISION', 'PEOPLE', 'PEOPLE', 'PROCESS']);
    const texts = await bars.allInnerTexts();
    expect(texts[1]).toContain('Who leads the Hartwell account');
    expect(texts[1]).toContain('People · open 6 days');
    expect(texts[2]).toContain('Whether to hire a third partner');

    const definition = page.getByTestId('definition');
    await expect(definition.count()).resolves.toBe(1);
    await expect(definition.innerText()).resolves.toContain('Clients stop worrying about missed court deadlines');
    await expect(definition.getByRole('link', { name: 'Deadlines are the promise' }).getAttribute('href')).resolves.toBe(`/decisions/${decisionId}`);

    await expect(page.locator('.banner-overdue').count()).resolves.toBe(0);
    expect(pageProblems(page)).toEqual([]);
    await close();
  });

  it('adds the point of a check closed elsewhere while the page stays open, without a reload', async () => {
    const { page, close } = await openOverview();
    await page.getByTestId('alignment-row').first().waitFor({ state: 'attached' });
    // A flag on the window survives only if the page is never reloaded (strings: the root tsconfig has no DOM types).
    await page.evaluate('window.notReloaded = true');
    clock.advanceDays(1);
    const secondCheckId = await runCheck({ client_outcome: 'MATCH', optimizing_for: 'MATCH', refuse_to_do: 'MATCH' });
    const latest = page.getByRole('region', { name: 'Latest check' });
    await latest.getByText('Aligned', { exact: true }).waitFor();
    await expect(latest.innerText()).resolves.toContain('3 of 3 answers matched');
    await expect(latest.getByRole('link', { name: 'See this check' }).getAttribute('href')).resolves.toBe(`/checks/${secondCheckId}`);
    await expect(page.getByTestId('alignment-row').count()).resolves.toBe(2);
    await expect(page.getByTestId('alignment-chart').getAttribute('aria-label')).resolves.toContain('2 closed checks');
    expect(await page.evaluate('window.notReloaded')).toBe(true);
    expect(pageProblems(page)).toEqual([]);
    await close();
  });

  it('fits a phone without scrolling sideways', async () => {
    const { page, close } = await openOverview(PHONE);
    await page.getByTestId('alignment-chart').locator('.recharts-surface').waitFor();
    await page.getByTestId('debt-chart').waitFor();
    await page.getByTestId('definition').waitFor();
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(PHONE.width);
    expect(pageProblems(page)).toEqual([]);
    await close();
  });

  it('raises the overdue banner when the cadence is missed, and links to the checks', async () => {
    const { page, close } = await openOverview();
    await page.getByRole('region', { name: 'Latest check' }).waitFor();
    await expect(page.locator('.banner-overdue').count()).resolves.toBe(0);
    // The last check closed a day ago (server time): ten more days pass a seven-day cadence.
    clock.advanceDays(10);
    await ok(firm.founder.token, 'mutation ($f: ID!) { setCadence(firmId: $f, cadenceDays: 7) { overdue } }', { f: firm.firmId });
    const banner = page.getByRole('status').filter({ hasText: 'was due on' });
    await banner.waitFor();
    await expect(banner.getAttribute('class')).resolves.toContain('banner-overdue');
    await expect(banner.getByRole('link', { name: 'Open a check' }).getAttribute('href')).resolves.toBe('/checks');
    expect(pageProblems(page)).toEqual([]);
    await close();
  });
});
