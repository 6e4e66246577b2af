import type { Browser, Page } from 'playwright-core';
import { startApiServer, type ApiServer } from '../support/api-server';
import { dashboardFirm, describeWithBrowser, launchChromium, pageProblems, PHONE, signedIn, type DashboardFirm } from '../support/browser';
import { mustGraphql } from '../support/api-steps';
import { closedCheckWithMismatch, endorseInPage, proposeInPage } from '../support/decision-steps';

const PROPOSE = 'mutation($f: ID!, $i: ProposeDecisionInput!) { proposeDecision(firmId: $f, input: $i) { id } }';
const ENDORSE = 'mutation($d: ID!) { endorseDecision(decisionId: $d) { status } }';

const OPTIMIZING_FOR = 'What are we optimizing for this year?';
const FIRST = {
  title: 'Key accounts first',
  outcome: 'Predictable revenue from existing clients',
  chosenAnswer: 'Repeat engagements from the ten largest clients',
  alternatives: ['Doubling new logos every year', 'Public-sector tenders'],
  rationale: 'Acquisition costs eat the margin of new logos.',
  layer: 'Vision',
  question: OPTIMIZING_FOR,
  resolves: [OPTIMIZING_FOR],
};

/** The status badge beside the page's title, once it says `status`. */
const statusShown = (page: Page, status: string) =>
  page
    .locator('.page-head .decision-status', { hasText: status })
    .waitFor()
    .catch(async (error: Error) => {
      throw new Error(`${error.message}\npage: ${(await page.locator('body').innerText()).slice(0, 1500)}\nproblems: ${pageProblems(page).join('\n')}`);
    });
/** The names of the decisions the log lists, in order. */
const logTitles = (page: Page) => page.locator('table.decision-log tbody th').allInnerTexts();

describeWithBrowser('the decision pages', () => {
  let server: ApiServer;
  let browser: Browser;
  let firm: DashboardFirm;
  let checkId: string;

  beforeAll(async () => {
    server = await startApiServer();
    browser = await launchChromium();
    firm = await dashboardFirm(server);
    // A closed check whose MISMATCH on optimizing_for raises the disagreement Ada's decision resolves.
    ({ checkId } = await closedCheckWithMismatch(
      server,
      { firmId: firm.firmId, facilitator: firm.facilitator.token, partners: [firm.founder.token, firm.partner.token] },
      {
        client_outcome: ['Whether their systems migration lands on time', 'Whether their systems migration lands on time'],
        optimizing_for: ['Repeat engagements from the ten largest clients', 'Doubling the number of new logos every year'],
        refuse_to_do: ['Staff augmentation without a deliverable', 'Staff augmentation without a deliverable'],
      },
      'optimizing_for',
    ));
    // A hand-raised PEOPLE disagreement, and a PEOPLE decision left proposed: what the filters must hide.
    await mustGraphql(server, firm.facilitator.token, 'mutation($f: ID!, $i: RaiseDisagreementInput!) { raiseDisagreement(firmId: $f, input: $i) { id } }', {
      f: firm.firmId,
      i: { topic: 'Do juniors get client time?', layer: 'PEOPLE', positions: [{ memberId: firm.founder.id, text: 'From month six' }] },
    });
    await mustGraphql(server, firm.partner.token, PROPOSE, {
      f: firm.firmId,
      i: { title: 'Juniors shadow partners', outcome: 'Juniors ready to lead within two years', chosenAnswer: 'Client time from month six', alternatives: [], rationale: 'They learn fastest in the room.', layer: 'PEOPLE' },
    });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('shows the refused field next to its input when the outcome is missing', async () => {
    const { context, page } = await signedIn(browser, server, firm.founder.token);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Decisions' }).click();
    await page.getByRole('link', { name: 'Propose a decision' }).click();
    await page.getByLabel('Title', { exact: true }).fill('No outcome yet');
    await page.getByLabel('Layer', { exact: true }).selectOption({ label: 'Process' });
    await page.getByRole('button', { name: 'Propose decision' }).click();
    const outcome = page.getByLabel('What outcome are we optimizing for?');
    await page.locator('[aria-invalid="true"]').waitFor();
    expect(await outcome.getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByRole('alert').innerText()).toContain('must say what outcome it optimizes for. (BAD_USER_INPUT)');
    expect(await page.getByLabel('Title', { exact: true }).getAttribute('aria-invalid')).toBe('false');
    expect(new URL(page.url()).pathname).toBe('/decisions/new');
    expect(pageProblems(page)).toEqual([]);
    await context.close();
  });

  it('lets two partners propose, find, endorse and lock a decision, and tells why down the supersede chain', async () => {
    const ada = await signedIn(browser, server, firm.founder.token);
    const ben = await signedIn(browser, server, firm.partner.token, PHONE);
    // Fail within the test's time with the page's own words, rather than at jest's timeout.
    for (const page of [ada.page, ben.page]) page.setDefaultTimeout(10000);

    // Ada proposes in the page: every field, a question, the disagreement the check raised.
    await ada.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Decisions' }).click();
    await ada.page.getByRole('link', { name: 'Propose a decision' }).click();
    const people = ada.page.getByRole('checkbox', { name: 'Do juniors get client time?' });
    expect(await people.isChecked()).toBe(false);
    const firstId = await proposeInPage(ada.page, FIRST);
    await statusShown(ada.page, 'Proposed');
    const adaWhy = await ada.page.locator('.why').innerText();
    for (const text of [FIRST.outcome, FIRST.chosenAnswer, FIRST.rationale, ...FIRST.alternatives, 'by Ada Hale', OPTIMIZING_FOR]) expect(adaWhy).toContain(text);
    expect(await ada.page.locator('.why-summary').innerText()).toMatch(/^Proposed on .* by Ada Hale/);
    expect(await ada.page.getByText('Still to endorse:').locator('..').innerText()).toContain('Ada Hale, Ben Moss');
    await endorseInPage(ada.page);
    expect(await ada.page.getByRole('list', { name: 'Endorsed by' }).innerText()).toContain('Ada Hale');
    expect(await ada.page.getByText('Still to endorse:').locator('..').innerText()).not.toContain('Ada Hale');

    // Ben finds it in the log; the filters really filter, and survive a reload.
    await ben.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Decisions' }).click();
    await ben.page.locator('table.decision-log').waitFor();
    expect(await logTitles(ben.page)).toEqual(['Juniors shadow partners', FIRST.title]);
    await ben.page.getByLabel('Layer').selectOption({ label: 'Vision' });
    await ben.page.getByText('1 decision match the filters.').waitFor();
    expect(await logTitles(ben.page)).toEqual([FIRST.title]);
    await ben.page.getByLabel('Status').selectOption({ label: 'Locked' });
    await ben.page.getByText('0 decisions match the filters.').waitFor();
    expect(await ben.page.locator('table.decision-log').count()).toBe(0);
    await ben.page.getByLabel('Status').selectOption({ label: 'Proposed' });
    await ben.page.locator('table.decision-log').waitFor();
    expect(new URL(ben.page.url()).search).toBe('?layer=VISION&status=PROPOSED');
    await ben.page.reload();
    await ben.page.locator('table.decision-log').waitFor();
    expect(await ben.page.getByLabel('Layer').inputValue()).toBe('VISION');
    expect(await ben.page.getByLabel('Status').inputValue()).toBe('PROPOSED');
    expect(await logTitles(ben.page)).toEqual([FIRST.title]);
    const row = ben.page.getByRole('row', { name: new RegExp(FIRST.title) });
    expect(await row.innerText()).toMatch(/Vision[\s\S]*Proposed[\s\S]*Ada Hale[\s\S]*Not yet[\s\S]*1 of 2 partners/);
    await ben.page.getByLabel('Layer').selectOption({ label: 'People' });
    await ben.page.getByText('1 decision match the filters.').waitFor();
    expect(await logTitles(ben.page)).toEqual(['Juniors shadow partners']);
    await ben.page.getByLabel('Layer').selectOption({ label: 'Vision' });

    // Ben opens it and endorses: both pages turn LOCKED without a reload.
    await ben.page.getByRole('link', { name: FIRST.title }).click();
    await ben.page.getByRole('heading', { level: 1, name: FIRST.title }).waitFor();
    await endorseInPage(ben.page);
    await statusShown(ben.page, 'Locked');
    await statusShown(ada.page, 'Locked');
    for (const page of [ada.page, ben.page]) {
      const endorsed = await page.getByRole('list', { name: 'Endorsed by' }).innerText();
      expect(endorsed).toMatch(/Ada Hale, .*\d{4}[\s\S]*Ben Moss, .*\d{4}/);
      expect(await page.getByText('Still to endorse:').count()).toBe(0);
      expect(await page.getByRole('button', { name: 'Endorse', exact: true }).count()).toBe(0);
    }

    // The why page tells the disagreement it settled, both sides, how long it was open, and the check.
    const resolved = ada.page.getByRole('article', { name: OPTIMIZING_FOR });
    await resolved.getByText(/resolved .* after .* open/).waitFor();
    const positions = await resolved.getByRole('list', { name: `Positions on ${OPTIMIZING_FOR}` }).innerText();
    expect(positions).toContain('Ada Hale: Repeat engagements from the ten largest clients');
    expect(positions).toContain('Ben Moss: Doubling the number of new logos every year');
    expect(await resolved.getByRole('link', { name: 'raised by a check' }).getAttribute('href')).toBe(`/checks/${checkId}`);
    const checks = ada.page.getByRole('region', { name: 'Checks the positions came from' });
    expect(await checks.getByRole('link').getAttribute('href')).toBe(`/checks/${checkId}`);
    expect(await checks.innerText()).toContain('Friction, 2 of 3 matched');
    expect(await ada.page.getByRole('region', { name: 'Disagreements it resolves' }).innerText()).not.toContain('Do juniors get client time?');

    // A second decision, proposed in the page, supersedes the first; a third (over the API) the second.
    const secondId = await proposeInPage(ada.page, {
      title: 'Key accounts and retainers',
      outcome: 'Recurring revenue',
      chosenAnswer: 'Annual retainers with the ten largest clients',
      rationale: 'Retainers smooth the pipeline.',
      layer: 'Vision',
      question: OPTIMIZING_FOR,
      resolves: ['Do juniors get client time?'],
      supersedes: FIRST.title,
    });
    await endorseInPage(ada.page);
    await mustGraphql(server, firm.partner.token, ENDORSE, { d: secondId });
    await statusShown(ada.page, 'Locked');
    expect(await ada.page.getByRole('list', { name: 'Superseded decisions, newest first' }).innerText()).toContain(FIRST.title);
    await statusShown(ben.page, 'Superseded');
    await ben.page.getByText('Superseded by').getByRole('link', { name: 'Key accounts and retainers' }).waitFor();

    const { proposeDecision } = await mustGraphql(server, firm.partner.token, PROPOSE, {
      f: firm.firmId,
      i: { title: 'Retainers only', outcome: 'Recurring revenue', chosenAnswer: 'Retainers, no one-off projects', alternatives: [], rationale: 'Projects kept slipping.', layer: 'VISION', supersedes: secondId },
    });
    await ada.page.goto(`${server.httpUrl}/decisions/${proposeDecision.id}`);
    const chain = ada.page.getByRole('list', { name: 'Superseded decisions, newest first' });
    await chain.getByRole('link', { name: FIRST.title }).waitFor();
    const links = chain.getByRole('listitem');
    expect(await links.count()).toBe(2);
    expect(await links.nth(0).innerText()).toMatch(/Key accounts and retainers[\s\S]*Locked/);
    expect(await links.nth(1).innerText()).toMatch(/Key accounts first[\s\S]*Superseded[\s\S]*superseded/);
    expect(await chain.getByRole('link', { name: FIRST.title }).getAttribute('href')).toBe(`/decisions/${firstId}`);

    expect(pageProblems(ada.page)).toEqual([]);
    expect(pageProblems(ben.page)).toEqual([]);
    // Ben read it all on a phone: nothing wider than the screen.
    expect(await ben.page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(PHONE.width);
    await ada.context.close();
    await ben.context.close();
  });
});
