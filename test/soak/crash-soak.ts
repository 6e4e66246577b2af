import { parseArgs } from 'node:util';
import { runCrashHarness, type CrashHarnessOptions, type CrashReport } from '../support/crash-harness';
import { randomSeed } from '../support/crash-harness-rng';
import { formatSummary } from '../support/crash-harness-summary';

/**
 * `npm run soak`: the crash-recovery harness at the full figure (20 SIGKILLs during 5,000
 * mutations from 8 clients) on SQLite. Options as flags or variables:
 * --seed / ACCORD_CRASH_SEED, --kills / ACCORD_CRASH_KILLS, --mutations / ACCORD_CRASH_MUTATIONS,
 * --concurrency / ACCORD_CRASH_CONCURRENCY, --store sqlite|postgres / ACCORD_CRASH_STORE,
 * --lease-seconds / ACCORD_CRASH_LEASE_SECONDS (the server's ACCORD_PROJECTOR_LEASE_SECONDS; default the server's own).
 * Exit 0 when every check passed, 1 when one failed, 2 on a bad option, 3 when the harness itself failed.
 */
const USAGE = 'usage: npm run soak -- [--seed N] [--kills N] [--mutations N] [--concurrency N] [--store sqlite|postgres] [--lease-seconds N]';

function options(): CrashHarnessOptions {
  const { values } = parseArgs({
    options: {
      seed: { type: 'string' },
      kills: { type: 'string' },
      mutations: { type: 'string' },
      concurrency: { type: 'string' },
      store: { type: 'string' },
      'lease-seconds': { type: 'string' },
      help: { type: 'boolean' },
    },
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const whole = (name: string, flag: string | undefined, variable: string, fallback: number, min: number): number => {
    const text = flag ?? process.env[variable];
    if (text === undefined || text === '') return fallback;
    if (!/^\d+$/.test(text) || Number(text) < min) throw new Error(`--${name} / ${variable}: "${text}" is not a whole number ≥ ${min}`);
    return Number(text);
  };
  const store = values.store ?? process.env.ACCORD_CRASH_STORE ?? 'sqlite';
  if (store !== 'sqlite' && store !== 'postgres') throw new Error(`--store / ACCORD_CRASH_STORE: "${store}" is not sqlite or postgres`);
  const mutations = whole('mutations', values.mutations, 'ACCORD_CRASH_MUTATIONS', 5000, 1);
  const kills = whole('kills', values.kills, 'ACCORD_CRASH_KILLS', 20, 0);
  if (kills >= mutations) throw new Error(`--kills (${kills}) must be fewer than --mutations (${mutations})`);
  return {
    seed: whole('seed', values.seed, 'ACCORD_CRASH_SEED', randomSeed(), 0),
    mutations,
    kills,
    concurrency: whole('concurrency', values.concurrency, 'ACCORD_CRASH_CONCURRENCY', 8, 1),
    store,
    leaseSeconds: whole('lease-seconds', values['lease-seconds'], 'ACCORD_CRASH_LEASE_SECONDS', 0, 1) || undefined,
  };
}

async function main(): Promise<number> {
  let chosen: CrashHarnessOptions;
  try {
    chosen = options();
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  let report: CrashReport;
  try {
    report = await runCrashHarness({ ...chosen, log: (line) => console.log(line) });
  } catch (error) {
    console.error(`the crash harness failed (seed ${chosen.seed}): ${(error as Error).stack ?? error}`);
    return 3;
  }
  console.log(formatSummary(report));
  return report.failures.length === 0 ? 0 : 1;
}

main().then((code) => process.exit(code));
