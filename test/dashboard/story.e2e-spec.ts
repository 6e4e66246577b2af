import type { Page } from 'playwright-core';
import { dashboardWorld, describeWithBrowser, pageProblems, screenshot, signedIn } from '../support/browser';
import { answerAllInPage, closeCheckInPage, judgeAllInPage, openCheckInPage, STANDARD_PROMPTS } from '../support/dashboard-steps';
import { endorseInPage, proposeInPage } from '../support/decision-steps';

/**
 * Issue 8's walk, in one go and only through the page: two partners answer a check blind in two
 * browsers, a facilitator reveals, judges and closes it, the overview's chart follows live, a decision
 * is proposed and endorsed into force and its why page read, a second check drifts from it and a toast
 * says so at once, and the as-of slider goes back to before the decision. It saves the screenshots the
 * README shows (docs/screenshots/).
 */
describeWithBrowser('the dashboard, from a blind check to drift', () => {
  const world = dashboardWorld();

  const goTo = (page: Page, link: string) => page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: link, exact: true }).click();
  const alignmentRows = (page: Page) => page.getByTestId('alignment-row');

  it('walks partners, a facilitator and the drift feed through the page alone', async () => {
    const ada = await signedIn(world.browser, world.server, world.firm.founder.token);
    const ben = await signedIn(world.browser, world.server, world.firm.partner.token);
    const fay = await signedIn(world.browser, world.server, world.firm.facilitator.token);

    // The first check: Ada opens it; each partner answers in their own browser, blind.
    const firstCheck = await openCheckInPage(ada.page);
    await ben.page.goto(`${world.server.httpUrl}/checks/${firstCheck}`);
    await answerAllInPage(ada.page, {
      client_outcome: 'Clients stop worrying about missing a filing deadline in court',
      optimizing_for: 'Partner time on the ten clients who bring repeat litigation',
      refuse_to_do: 'We refuse fixed-fee work on contested custody cases',
    });
    await ben.page.getByText('Ada Hale: answered').waitFor();
    expect(await ben.page.content()).not.toContain('ten clients who bring repeat litigation');
    await answerAllInPage(ben.page, {
      client_outcome: 'Clients stop worrying about missing a court filing deadline',
      optimizing_for: 'Partner time spent on the ten repeat litigation clients',
      refuse_to_do: 'We refuse fixed-fee contested custody work',
    });
    // The last answer reveals the check by itself: both pages show both answers side by side.
    await ada.page.getByText('Partner time spent on the ten repeat litigation clients').waitFor();

    // Ada watches the overview while Fay judges and closes: the chart gains its first point live.
    await goTo(ada.page, 'Overview');
    await ada.page.getByText('No check has closed yet', { exact: false }).waitFor();
    await fay.page.goto(`${world.server.httpUrl}/checks/${firstCheck}`);
    await judgeAllInPage(fay.page, { client_outcome: 'MATCH', optimizing_for: 'MISMATCH', refuse_to_do: 'MATCH' });
    await expect(closeCheckInPage(fay.page)).resolves.toMatch(/^Verdict: Friction — 2 of 3/);
    // The table behind the chart ("Show as a table") holds one row per point, folded away but there.
    await alignmentRows(ada.page).first().waitFor({ state: 'attached' });
    await expect(alignmentRows(ada.page).count()).resolves.toBe(1);

    // The mismatch raised a disagreement, open on the overview. Ada proposes what the firm optimizes for,
    // resolving it; both partners endorse; it locks, live on both pages.
    const title = 'We optimize for repeat litigation clients';
    const decisionId = await proposeInPage(ada.page, {
      title,
      outcome: 'Repeat clients bring us their next dispute without a pitch',
      chosenAnswer: 'Partner time on the ten clients who bring repeat litigation',
      alternatives: ['Grow one-off commercial disputes', 'Chase the largest single fees'],
      rationale: 'Two thirds of last year’s fees came from ten repeat clients; their trust is the moat.',
      layer: 'Vision',
      question: STANDARD_PROMPTS.optimizing_for,
      resolves: [STANDARD_PROMPTS.optimizing_for],
    });
    await ben.page.goto(`${world.server.httpUrl}/decisions/${decisionId}`);
    await endorseInPage(ben.page);
    await endorseInPage(ada.page);
    for (const page of [ada.page, ben.page]) await page.getByText('Locked', { exact: true }).first().waitFor();
    await ada.page.getByText('Ben Moss', { exact: false }).first().waitFor();
    await ada.page.getByText(/Two thirds of last year/).waitFor();
    // Why: the disagreement it resolved, with each partner's position, and the check it came from.
    await ada.page.getByText('Partner time spent on the ten repeat litigation clients').waitFor();
    await ada.page.locator(`a[href="/checks/${firstCheck}"]`).first().waitFor();
    await screenshot(ada.page, 'why');

    // The second check drifts from the decision. Fay opens it and reveals before Ben's last answer.
    const secondCheck = await openCheckInPage(fay.page);
    await ada.page.goto(`${world.server.httpUrl}/checks/${secondCheck}`);
    await answerAllInPage(ada.page, {
      client_outcome: 'Clients stop worrying about missing a filing deadline in court',
      optimizing_for: 'Partner time on the ten clients who bring repeat litigation',
      refuse_to_do: 'We refuse fixed-fee work on contested custody cases',
    });
    await ben.page.goto(`${world.server.httpUrl}/checks/${secondCheck}`);
    await answerAllInPage(ben.page, {
      client_outcome: 'Clients stop worrying about missing a court filing deadline',
      optimizing_for: 'Billable hours from any new commercial matter we can win',
    });
    await fay.page.getByRole('button', { name: 'Reveal now' }).click();
    await fay.page.getByText('Billable hours from any new commercial matter we can win').waitFor();

    await goTo(ada.page, 'Overview');
    await alignmentRows(ada.page).first().waitFor({ state: 'attached' });
    await judgeAllInPage(fay.page, { client_outcome: 'MATCH', optimizing_for: 'MISMATCH', refuse_to_do: 'MISMATCH' });
    await expect(closeCheckInPage(fay.page)).resolves.toMatch(/^Verdict: Fracture — 1 of 3/);

    // Drift reaches Ada at once, on whatever page she is: a toast for the score drop and one for the definition.
    const toasts = ada.page.getByTestId('toast');
    await toasts.filter({ hasText: 'Alignment fell from 2 to 1' }).waitFor();
    await toasts.filter({ hasText: 'optimizing_for' }).waitFor();
    await alignmentRows(ada.page).nth(1).waitFor({ state: 'attached' });
    await ada.page.getByRole('link', { name: title }).first().waitFor();
    await screenshot(ada.page, 'overview');

    // As of: back to the firm's founding there was no definition; at now there is this decision's.
    await goTo(ada.page, 'As of');
    await ada.page.getByRole('heading', { level: 1, name: 'As of' }).waitFor();
    await ada.page.getByRole('link', { name: title }).first().waitFor();
    await ada.page.getByRole('slider', { name: 'As of' }).focus();
    await ada.page.keyboard.press('Home');
    await ada.page.getByText('No definition was locked yet.').waitFor();
    await ada.page.keyboard.press('End');
    await ada.page.getByRole('link', { name: title }).first().waitFor();

    for (const page of [ada.page, ben.page, fay.page]) expect(pageProblems(page)).toEqual([]);
    for (const session of [ada, ben, fay]) await session.context.close();
  });
});
