import type { Page } from 'playwright-core';
import type { ApiServer } from './api-server';
import { closedCheck, mustGraphql, until } from './api-steps';

/** What a partner types into the propose form; choices are named as the page shows them. */
export interface ProposalFields {
  title: string;
  outcome: string;
  chosenAnswer: string;
  alternatives?: string[];
  rationale: string;
  /** As the select shows it: "Vision", "People", "Process", "Technology". */
  layer: string;
  /** The prompt of the question it defines. */
  question?: string;
  /** Topics of the open disagreements to tick. */
  resolves?: string[];
  /** Title of the locked decision it supersedes. */
  supersedes?: string;
}

/**
 * Proposes a decision through the page, from wherever the signed-in partner is, and waits for its
 * why page; returns the new decision's id.
 */
export async function proposeInPage(page: Page, fields: ProposalFields): Promise<string> {
  if (!new URL(page.url()).pathname.endsWith('/decisions/new')) {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Decisions' }).click();
    await page.getByRole('link', { name: 'Propose a decision' }).click();
  }
  await page.getByLabel('Title', { exact: true }).fill(fields.title);
  await page.getByLabel('What outcome are we optimizing for?').fill(fields.outcome);
  await page.getByLabel('Chosen answer').fill(fields.chosenAnswer);
  await page.getByLabel('Alternatives rejected').fill((fields.alternatives ?? []).join('\n'));
  await page.getByLabel('Rationale').fill(fields.rationale);
  await page.getByLabel('Layer', { exact: true }).selectOption({ label: fields.layer });
  await page.getByLabel('Question it defines (optional)').selectOption(fields.question ? { label: fields.question } : { value: '' });
  const resolves = page.getByRole('group', { name: 'Disagreements it resolves' });
  await resolves.waitFor();
  for (const topic of fields.resolves ?? []) await resolves.getByRole('checkbox', { name: topic }).check();
  await page.getByLabel('Supersedes (optional)').selectOption(fields.supersedes ? { label: fields.supersedes } : { value: '' });
  await page.getByRole('button', { name: 'Propose decision' }).click();
  await page.getByRole('heading', { level: 1, name: fields.title }).waitFor();
  return new URL(page.url()).pathname.split('/').pop()!;
}

/** Endorses the decision the page shows, and waits until the page lists the endorsement. */
export async function endorseInPage(page: Page): Promise<void> {
  const endorse = page.getByRole('button', { name: 'Endorse', exact: true });
  await endorse.click();
  // The button goes once the page shows the caller among those who endorsed.
  await endorse.waitFor({ state: 'detached' });
}

export interface PartnerTokens {
  firmId: string;
  facilitator: string;
  partners: [string, string];
}

/**
 * A check closed over the API with one MISMATCH, on the firm's standard questions: its closing raises
 * a disagreement (asynchronously), whose id and check id this returns once it is listed.
 */
export async function closedCheckWithMismatch(
  server: ApiServer,
  firm: PartnerTokens,
  answers: Record<string, [string, string]>,
  mismatch: string,
): Promise<{ checkId: string; disagreementId: string }> {
  const { checkId } = await closedCheck(server, {
    firmId: firm.firmId,
    facilitator: firm.facilitator,
    partners: firm.partners,
    answers,
    judgements: Object.fromEntries(Object.keys(answers).map((key) => [key, key === mismatch ? 'MISMATCH' : 'MATCH'])),
  });
  let disagreementId: string | undefined;
  await until(async () => {
    const { disagreements } = await mustGraphql(server, firm.facilitator, 'query($f: ID!) { disagreements(firmId: $f) { id checkId } }', { f: firm.firmId });
    disagreementId = (disagreements as Array<{ id: string; checkId: string | null }>).find((d) => d.checkId === checkId)?.id;
    return disagreementId !== undefined;
  });
  return { checkId, disagreementId: disagreementId! };
}
