// The callbacks given to page.evaluate run in the browser: type them against the DOM.
/// <reference lib="dom" />
import type { Browser, Page } from 'playwright-core';
import { GraphqlClient } from '../../apps/demo/src/graphql-client';
import { runDemoScenario, type DemoResult } from '../../apps/demo/src/scenario';
import { ManualClock, startApiServer, type ApiServer } from '../support/api-server';
import { describeWithBrowser, LAPTOP, launchChromium, pageProblems, PHONE, signedIn } from '../support/browser';

const DAY_MS = 86_400_000;

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: Array<{ target: unknown[] }>;
}

/** axe-core's WCAG 2.1 A and AA rules on the page as it is now, as "rule: help (selectors)" lines. */
async function wcagViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: require.resolve('axe-core/axe.min.js') });
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(context: Document, options: unknown): Promise<{ violations: AxeViolation[] }> } }).axe;
    const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    return result.violations;
  });
  return violations.map((violation) => `${violation.id} (${violation.impact}): ${violation.help} — ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`);
}

/**
 * Every page of the dashboard, on the demo's firm (two checks a quarter apart, drift, a superseded
 * decision, open and paid debt), at a laptop's and a phone's width: no WCAG 2.1 A/AA violation that
 * axe-core can find (contrast, names, labels, landmarks, lists), no sideways scrolling on the phone.
 */
describeWithBrowser('the dashboard, checked for accessibility', () => {
  let server: ApiServer;
  let browser: Browser;
  let demo: DemoResult;

  beforeAll(async () => {
    const start = Date.now() - 100 * DAY_MS;
    const clock = new ManualClock(new Date(start).toISOString());
    server = await startApiServer({}, { clock });
    demo = await runDemoScenario(new GraphqlClient(`${server.httpUrl}/graphql`), (day) => clock.set(new Date(start + day * DAY_MS).toISOString()));
    clock.set(new Date(Date.now()).toISOString());
    browser = await launchChromium();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const partnerToken = () => demo.tokens.find((member) => member.role === 'PARTNER')!.token;
  const pages = () => [
    { path: '/', ready: 'Latest check' },
    { path: '/checks', ready: 'Checks' },
    { path: `/checks/${demo.checkIds[demo.checkIds.length - 1]}`, ready: 'Result' },
    { path: '/decisions', ready: 'Decisions' },
    { path: `/decisions/${demo.decisionIds.current}`, ready: 'What it supersedes' },
    { path: '/decisions/new', ready: 'Propose a decision' },
    { path: '/live', ready: 'Drift' },
    { path: '/as-of', ready: 'As of' },
  ];

  for (const [width, viewport] of [
    ['a laptop', LAPTOP],
    ['a phone', PHONE],
  ] as const) {
    it(`finds no WCAG 2.1 A/AA violation on any page at ${width}'s width`, async () => {
      const { context, page } = await signedIn(browser, server, partnerToken(), viewport, { bypassCSP: true });
      const found: Record<string, string[]> = {};
      for (const { path, ready } of pages()) {
        await page.goto(`${server.httpUrl}${path}`);
        await page.getByRole('heading', { name: ready }).first().waitFor();
        // Let live queries settle, so axe sees the page as a reader does.
        await page.waitForLoadState('networkidle');
        const violations = await wcagViolations(page);
        if (violations.length > 0) found[path] = violations;
        if (viewport === PHONE) {
          const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
          if (overflow > 0) {
            // Name what sticks out (outside any scroll box of its own), so the failure says where to look.
            const culprits = await page.evaluate(() =>
              [...document.querySelectorAll('body *')]
                .filter((element) => element.getBoundingClientRect().right > window.innerWidth + 1)
                .filter((element) => {
                  for (let up = element.parentElement; up; up = up.parentElement) if (getComputedStyle(up).overflowX !== 'visible') return false;
                  return true;
                })
                .slice(0, 3)
                .map((element) => `${element.tagName.toLowerCase()}.${element.className}`),
            );
            (found[path] ??= []).push(`scrolls sideways by ${overflow} px: ${culprits.join(', ')}`);
          }
        }
      }
      expect(found).toEqual({});
      expect(pageProblems(page)).toEqual([]);
      await context.close();
    });
  }
});
