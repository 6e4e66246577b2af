import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { ManualClock } from '@accord/platform';
import { loadConfig, RATE_LIMITS_OFF } from '../../api/src/config/load-config';
import { createApp } from '../../api/src/create-app';
import { listen } from '../../api/src/startup/listen';
import { GraphqlClient } from './graphql-client';
import { runDemoScenario, type DemoResult } from './scenario';

const USAGE = `npm run demo                          fill the running server (http://localhost:$PORT/graphql, PORT default 4000)
npm run demo -- --url <graphql url>   fill another running server
npm run demo -- --data-file <path>    write the demo into a new SQLite file, its months really apart
                                      (then: ACCORD_EVENT_STORE=sqlite:<path> npm start)`;

const DAY_MS = 86_400_000;

async function main(args: string[]): Promise<void> {
  if (args.includes('--help')) return console.log(USAGE);
  const dataFile = valueOf(args, '--data-file');
  const say = (line: string) => console.log(`  · ${line}`);
  if (dataFile) {
    const path = resolve(dataFile);
    if (existsSync(path)) throw new Error(`${path} exists; the demo writes a new file (remove it or pick another path)`);
    // A clock 100 days back that the scenario moves forward: two checks a quarter apart, for real.
    const start = Date.now() - 100 * DAY_MS;
    const clock = new ManualClock(new Date(start).toISOString());
    // Rate limits off unless set: the scenario sends a quarter's mutations within seconds.
    const app = await createApp(loadConfig({ ...RATE_LIMITS_OFF, ...process.env, ACCORD_EVENT_STORE: `sqlite:${path}`, PORT: '0' }), { logger: ['error'], clock });
    try {
      const port = await listen(app, 0);
      console.log(`Writing the demo firm into ${path} …`);
      const result = await runDemoScenario(new GraphqlClient(`http://127.0.0.1:${port}/graphql`), (day) => clock.set(new Date(start + day * DAY_MS).toISOString()), { say });
      report(result, 'http://localhost:4000/graphql', `ACCORD_EVENT_STORE=sqlite:${path} npm start`);
    } finally {
      await app.close();
    }
    return;
  }
  const url = valueOf(args, '--url') ?? `http://localhost:${process.env.PORT ?? 4000}/graphql`;
  console.log(`Filling the server at ${url} (all events happen now; --data-file spreads them over a quarter) …`);
  const result = await runDemoScenario(new GraphqlClient(url), () => undefined, { say }).catch((error: Error) => {
    if ((error as { cause?: { code?: string } }).cause?.code === 'ECONNREFUSED') {
      throw new Error(`no server at ${url}: start one with \`npm start\`, or use --data-file <path>`);
    }
    throw error;
  });
  report(result, url, null);
}

function report(result: DemoResult, url: string, startCommand: string | null): void {
  const partner = result.tokens[0].token;
  console.log(`\nFirm ${result.firmId}\n\nTokens (send as "Authorization: Bearer <token>"):`);
  for (const { name, role, token } of result.tokens) console.log(`  ${role.padEnd(11)} ${name.padEnd(14)} ${token}`);
  if (startCommand) console.log(`\nStart a server on it:\n  ${startCommand}`);
  const curl = (query: string) => `  curl -s ${url} -H 'content-type: application/json' -H 'authorization: Bearer ${partner}' \\\n    -d '${JSON.stringify({ query })}'`;
  console.log(`\nTry (as Maya Harbor, a partner):`);
  console.log(curl(`{ alignedDefinitions(firmId: "${result.firmId}") { questionKey answer outcome lockedAt } }`));
  console.log(curl(`{ conflictDebt(firmId: "${result.firmId}") { total openCount items { debt ageDays disagreement { topic layer status } } } }`));
  console.log(curl(`{ alignmentHistory(firmId: "${result.firmId}") { closedAt score outOf verdict mismatched } driftEvents(firmId: "${result.firmId}") { kind questionKey decisionId previousScore score } }`));
  console.log(curl(`{ decision(id: "${result.decisionIds.current}") { title status why { summary supersedes { title status } } } }`));
  console.log(`\nOr open the dashboard, ${new URL('/', url).href}, and sign in with a token (a partner's shows everything).`);
  console.log(`The query explorer is at ${url}: put "Bearer <token>" into its Authorization box.`);
}

function valueOf(args: string[], name: string): string | undefined {
  const index = args.indexOf(name);
  return index >= 0 ? args[index + 1] : undefined;
}

main(process.argv.slice(2)).catch((error: Error) => {
  console.error(`demo: ${error.message}`);
  process.exitCode = 1;
});
