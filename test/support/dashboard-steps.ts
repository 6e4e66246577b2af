import { STANDARD_QUESTIONS } from '@accord/domain';
import type { Page } from 'playwright-core';

/**
 * Steps of the check pages, driven through the same accessible names a partner sees: story tests
 * reuse them. Questions are named by key; the page shows prompts, looked up in `prompts`.
 */
export type Prompts = Record<string, string>;
export const STANDARD_PROMPTS: Prompts = Object.fromEntries(STANDARD_QUESTIONS.map(({ key, prompt }) => [key, prompt]));

function promptOf(key: string, prompts: Prompts): string {
  const prompt = prompts[key];
  if (!prompt) throw new Error(`no prompt known for question "${key}"`);
  return prompt;
}

/** From anywhere in the dashboard: Checks → "Open a check"; resolves with the new check's id. */
export async function openCheckInPage(page: Page): Promise<string> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Checks' }).click();
  await page.getByRole('button', { name: 'Open a check' }).click();
  await page.waitForURL(/\/checks\/[^/]+$/);
  await page.getByRole('heading', { level: 1, name: /Alignment check of/ }).waitFor();
  return new URL(page.url()).pathname.split('/').pop()!;
}

/** One question's answer form (its textarea is labelled by the prompt itself). */
export function answerForm(page: Page, key: string, prompts: Prompts = STANDARD_PROMPTS) {
  return page.getByRole('form', { name: `Your answer: ${promptOf(key, prompts)}`, exact: true });
}

/** Fills and saves one question's answer form; waits until the server accepted it (or the check revealed itself). */
export async function answerInPage(page: Page, key: string, text: string, prompts: Prompts = STANDARD_PROMPTS): Promise<void> {
  const form = answerForm(page, key, prompts);
  await form.getByRole('textbox').fill(text);
  await form.getByRole('button', { name: 'Save answer' }).click();
  // The last answer reveals the check, which replaces the forms: either outcome means it was saved.
  await form
    .getByRole('status')
    .filter({ hasText: 'Answer saved.' })
    .or(page.getByText('Revealed: being judged'))
    .first()
    .waitFor();
}

export async function answerAllInPage(page: Page, answers: Record<string, string>, prompts: Prompts = STANDARD_PROMPTS): Promise<void> {
  for (const [key, text] of Object.entries(answers)) await answerInPage(page, key, text, prompts);
}

/** The revealed question's section: its answers, suggestion and judge buttons. */
export function questionRegion(page: Page, key: string, prompts: Prompts = STANDARD_PROMPTS) {
  return page.getByRole('region', { name: promptOf(key, prompts), exact: true });
}

/** Clicks Match or Mismatch per question and waits until the page shows each judgement recorded. */
export async function judgeAllInPage(page: Page, judgements: Record<string, 'MATCH' | 'MISMATCH'>, prompts: Prompts = STANDARD_PROMPTS): Promise<void> {
  for (const [key, judgement] of Object.entries(judgements)) {
    const name = judgement === 'MATCH' ? 'Match' : 'Mismatch';
    const region = questionRegion(page, key, prompts);
    await region.getByRole('button', { name, exact: true }).click();
    await region.getByRole('button', { name, exact: true, pressed: true }).waitFor();
  }
}

/** Closes a fully judged check; resolves with the result line ("Verdict: Friction — 2 of 3 questions matched."). */
export async function closeCheckInPage(page: Page): Promise<string> {
  await page.getByRole('button', { name: 'Close check' }).click();
  const verdict = page.getByText(/^Verdict:/);
  await verdict.waitFor();
  return (await verdict.innerText()).trim();
}
