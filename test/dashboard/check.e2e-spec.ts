import type { Page } from 'playwright-core';
import { dashboardWorld, describeWithBrowser, pageProblems, PHONE, signedIn } from '../support/browser';
import { answerAllInPage, answerForm, answerInPage, closeCheckInPage, judgeAllInPage, openCheckInPage, questionRegion, STANDARD_PROMPTS } from '../support/dashboard-steps';

const ADA = {
  client_outcome: 'Whether their filing deadlines are met without them chasing us.',
  optimizing_for: 'Three new retainer clients in the logistics sector by December.',
  refuse_to_do: 'Litigation for clients we have never advised before.',
};
const BEN = {
  client_outcome: 'Filing deadlines: clients stop chasing us about them.',
  optimizing_for: 'Billing 1,400 hours each without hiring anyone.',
  refuse_to_do: 'Litigation for clients we have not advised before.',
};

describeWithBrowser('the check pages', () => {
  const world = dashboardWorld();

  it('runs a check from open to verdict across two partners, a facilitator and an auditor, live', async () => {
    const ada = await signedIn(world.browser, world.server, world.firm.founder.token);
    const ben = await signedIn(world.browser, world.server, world.firm.partner.token);
    await ben.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Checks' }).click();
    await ben.page.getByText('No check yet.').waitFor();

    const checkId = await openCheckInPage(ada.page);
    // Ben's list shows the new check without a reload; he follows its link.
    await ben.page.getByRole('link', { name: /^Check of / }).click();
    await ben.page.waitForURL(`**/checks/${checkId}`);
    await ben.page.getByText('Ada Hale: not answered yet').waitFor();

    // An auditor reads along but has nothing to write while the check is open.
    const al = await signedIn(world.browser, world.server, world.firm.auditor.token, PHONE);
    await al.page.goto(`${world.server.httpUrl}/checks/${checkId}`);
    await al.page.getByRole('heading', { level: 2, name: 'Questions' }).waitFor();
    expect(await al.page.getByRole('textbox').count()).toBe(0);
    expect(await al.page.getByRole('button', { name: 'Reveal now' }).count()).toBe(0);

    // Only abstract words: refused inline, naming the words, tied to the field.
    const firstPrompt = STANDARD_PROMPTS.client_outcome;
    const field = ada.page.getByLabel(firstPrompt, { exact: true });
    await field.fill('Excellence and quality');
    await answerForm(ada.page, 'client_outcome').getByRole('button', { name: 'Save answer' }).click();
    const problem = answerForm(ada.page, 'client_outcome').getByRole('alert');
    await expect(problem.innerText()).resolves.toMatch(/excellence, quality.*\(VAGUE_ANSWER\)/s);
    expect(await field.getAttribute('aria-invalid')).toBe('true');
    expect((await field.getAttribute('aria-describedby'))!.split(' ')).toContain(await problem.getAttribute('id'));

    // Some abstract words among concrete ones: saved, with a warning.
    await answerInPage(ada.page, 'refuse_to_do', 'Litigation for clients we have never advised before, whatever the value.');
    await ada.page.getByText('These words are abstract: value.').waitFor();
    await answerAllInPage(ada.page, ADA);
    expect(await field.getAttribute('aria-invalid')).toBeNull();

    // Ben sees that Ada answered, live, and never what.
    await ben.page.getByText('Ada Hale: answered').waitFor();
    const benSees = await ben.page.content();
    for (const text of Object.values(ADA)) expect(benSees).not.toContain(text);
    expect(benSees).not.toContain('whatever the value');

    await answerAllInPage(ben.page, BEN);
    // The last answer reveals the check by itself: both partners see the answers side by side.
    for (const page of [ada.page, ben.page]) {
      const region = questionRegion(page, 'optimizing_for');
      await region.getByText(BEN.optimizing_for).waitFor();
      await region.getByText(ADA.optimizing_for).waitFor();
      await expect(region.getByRole('heading', { level: 3 }).allInnerTexts()).resolves.toEqual(['Ada Hale', 'Ben Moss']);
      expect(await region.getByText(/^Suggested: (MATCH|MISMATCH) \(similarity \d\.\d\d\)$/).count()).toBe(1);
    }
    // The auditor sees the revealed answers stacked on a phone, and no judge buttons.
    const stacked = questionRegion(al.page, 'client_outcome');
    await stacked.getByText(BEN.client_outcome).waitFor();
    const [adaBox, benBox] = await Promise.all([stacked.getByText(ADA.client_outcome).boundingBox(), stacked.getByText(BEN.client_outcome).boundingBox()]);
    expect(adaBox!.x).toBe(benBox!.x);
    expect(benBox!.y).toBeGreaterThan(adaBox!.y);
    expect(await al.page.evaluate('document.documentElement.scrollWidth <= window.innerWidth')).toBe(true);
    expect(await al.page.getByRole('button', { name: /^(Match|Mismatch|Close check)$/ }).count()).toBe(0);

    const fay = await signedIn(world.browser, world.server, world.firm.facilitator.token);
    await fay.page.goto(`${world.server.httpUrl}/checks/${checkId}`);
    const close = fay.page.getByRole('button', { name: 'Close check' });
    await close.waitFor();
    expect(await close.isDisabled()).toBe(true);
    expect(await fay.page.getByRole('textbox').count()).toBe(0);
    await judgeAllInPage(fay.page, { client_outcome: 'MATCH', optimizing_for: 'MISMATCH', refuse_to_do: 'MATCH' });
    // Ada's page follows the judgements live.
    await questionRegion(ada.page, 'optimizing_for').getByText('Judgement: Mismatch').waitFor();
    await expect(closeCheckInPage(fay.page)).resolves.toBe('Verdict: Friction — 2 of 3 questions matched.');

    for (const page of [ada.page, ben.page, al.page]) await page.getByText('Verdict: Friction — 2 of 3 questions matched.').waitFor();
    // The mismatch became a disagreement, listed on the check with a way to resolve it.
    await ada.page.getByRole('listitem').filter({ hasText: STANDARD_PROMPTS.optimizing_for }).waitFor();
    await ada.page.getByRole('link', { name: 'Propose a decision' }).waitFor();
    expect(await ada.page.getByRole('button', { name: /^(Match|Mismatch|Close check|Reveal now)$/ }).count()).toBe(0);

    // The list shows the closed check's result.
    await ben.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Checks' }).click();
    await ben.page.getByRole('row').filter({ hasText: 'Friction' }).filter({ hasText: '2 of 3 matched' }).waitFor();

    for (const page of [ada.page, ben.page, fay.page, al.page] as Page[]) expect(pageProblems(page)).toEqual([]);
    for (const { context } of [ada, ben, fay, al]) await context.close();
  });

  it('shows an auditor the list without the button to open a check', async () => {
    const al = await signedIn(world.browser, world.server, world.firm.auditor.token);
    await al.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Checks' }).click();
    await al.page.getByRole('heading', { level: 1, name: 'Alignment checks' }).waitFor();
    await al.page.getByRole('link', { name: /^Check of / }).first().waitFor();
    expect(await al.page.getByRole('button', { name: 'Open a check' }).count()).toBe(0);
    expect(pageProblems(al.page)).toEqual([]);
    await al.context.close();
  });

  it('says so, with its code, when the check does not exist', async () => {
    const ada = await signedIn(world.browser, world.server, world.firm.founder.token);
    await ada.page.goto(`${world.server.httpUrl}/checks/no-such-check`);
    await expect(ada.page.getByRole('alert').innerText()).resolves.toMatch(/^The check could not be loaded: .*\(NOT_FOUND\)$/);
    expect(await ada.page.getByRole('textbox').count()).toBe(0);
    expect(pageProblems(ada.page)).toEqual([]);
    await ada.context.close();
  });
});
