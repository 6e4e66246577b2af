import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import type { Command } from 'commander';
import { describePoison, holderProcessGone, ProjectionRunner, ProjectorLease, type Logger, type RebuildResult } from '@accord/projections';
import { allProjections, withStores } from '../cli-stores';
import { CliError, EXIT, failure, usageError } from '../exit-codes';
import { Progress } from '../progress';
import { interruptible } from '../interruptible';

interface RebuildOptions {
  projection: string[];
  restart?: boolean;
  batchSize?: string;
  quiet?: boolean;
}

const DEFAULT_BATCH_SIZE = 5000;

export function registerRebuild(program: Command): void {
  program
    .command('rebuild')
    .description(
      'Rebuilds read models from position 0 in one pass over the log, with progress. Resumable: an interrupted rebuild ' +
        '(Ctrl-C, a kill, a crash) continues from where it stopped on the next run. Stop the server or projector first.',
    )
    .option('--projection <names>', 'a projection to rebuild, repeatable or comma-separated (default: all)', collect, [])
    .option('--restart', 'start an unfinished rebuild again from 0 instead of continuing it')
    .option('--batch-size <events>', `events per transaction (default ${DEFAULT_BATCH_SIZE})`)
    .option('-q, --quiet', 'no progress on standard error')
    .addHelpText(
      'after',
      '\nExit codes: 0 rebuilt, 1 rebuilt but handlers failed on poison events (listed; see `accord status`), 2 bad usage or an\n' +
        'unknown projection, 3 the server or a projector runs the projections (stop it first) or a store failed, 130 interrupted.',
    )
    .action((options: RebuildOptions) => rebuild(options));
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, ...value.split(',').map((name) => name.trim()).filter(Boolean)];
}

async function rebuild(options: RebuildOptions): Promise<void> {
  const projections = allProjections();
  const known = projections.map((p) => p.name);
  const unknown = options.projection.filter((name) => !known.includes(name));
  if (unknown.length > 0) throw usageError(`no projection named ${unknown.join(', ')}; known: ${known.join(', ')}`);
  const batchSize = options.batchSize === undefined ? DEFAULT_BATCH_SIZE : Number(options.batchSize);
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 100_000) throw usageError(`--batch-size: "${options.batchSize}" is not a whole number from 1 to 100000`);
  const say = (line: string) => process.stderr.write(`${line}\n`);

  await withStores(process.env, async ({ config, store, readStore }) => {
    const lease = new ProjectorLease(readStore, { ttlMs: config.projectorLeaseSeconds * 1000, holder: `${hostname()}:${process.pid}:rebuild-${randomBytes(3).toString('hex')}` });
    await lease.init();
    await takeLease(lease, say);
    const renewal = setInterval(() => void lease.renew().catch(() => undefined), lease.ttlMs / 3);
    try {
      const logger: Logger = { log: () => undefined, warn: () => undefined, error: (message) => say(message) };
      const runner = new ProjectionRunner(store, readStore, projections, { logger, fence: lease.fence, rebuildBatchSize: batchSize, maxAttempts: config.projectionMaxAttempts });
      const unfinished = await runner.unfinishedRebuilds();
      const { names, resume } = plan(options, known, unfinished.map((m) => m.projection));
      const checkpoints = new Map(runner.status().map((s) => [s.name, s.checkpoint]));
      const resumed = resume ? unfinished.filter((m) => names.includes(m.projection)) : [];
      for (const m of resumed) say(`resuming the interrupted rebuild of ${m.projection} (started ${m.startedAt}) from position ${checkpoints.get(m.projection)} instead of starting again; --restart starts over`);
      const left = unfinished.filter((m) => !names.includes(m.projection));
      if (left.length > 0) say(`the rebuild of ${left.map((m) => m.projection).join(', ')} is unfinished too; \`accord rebuild\` without --projection continues it`);
      const fresh = names.filter((name) => !resumed.some((m) => m.projection === name));
      if (fresh.length > 0) say(`rebuilding ${fresh.join(', ')} from position 0`);

      const progress = new Progress(`rebuild ${names.length === known.length ? 'all projections' : names.join(', ')}`, { unit: 'events', enabled: !options.quiet });
      let started = false;
      const startedAt = Date.now();
      const result = await interruptible((signal) =>
        runner.rebuild(
          names,
          (p) => {
            if (!started) progress.start(p.head - p.from);
            started = true;
            progress.update(p.position - p.from, p.head - p.from);
          },
          { resume, signal },
        ),
      );
      if (started) progress.stop();
      report(result, (Date.now() - startedAt) / 1000, say);
    } finally {
      clearInterval(renewal);
      await lease.release().catch(() => undefined);
    }
  });
}

/**
 * Which projections, and whether to continue unfinished rebuilds. Without --projection: every one,
 * unless rebuilds are unfinished, in which case just those continue (the others were finished by the
 * interrupted run, or not part of it). Named projections with an unfinished rebuild continue it; the
 * others start from 0. --restart starts every selected one from 0.
 */
function plan(options: RebuildOptions, known: string[], unfinished: string[]): { names: string[]; resume: boolean } {
  const named = [...new Set(options.projection)];
  if (options.restart) return { names: named.length > 0 ? named : known, resume: false };
  if (named.length > 0) return { names: named, resume: true };
  return unfinished.length > 0 ? { names: unfinished, resume: true } : { names: known, resume: false };
}

/**
 * Takes the projector lease, so no server or projector applies projections meanwhile. A holder on
 * this host whose process is gone is taken over at once; one on another host that stops renewing is
 * waited out until the lease expires; one that renews it (or whose process here is alive) runs the
 * projections: refused.
 */
async function takeLease(lease: ProjectorLease, say: (line: string) => void): Promise<void> {
  if (await lease.tryAcquire()) return;
  const first = await lease.current();
  if (!first) throw failure('cannot take the projector lease');
  const refuse = () =>
    new CliError(EXIT.FAILED, `the projections are being run by ${first.holder} (it holds the projector lease): stop the server/projector first, then run accord rebuild again`);
  if (holderProcessGone(first.holder) && (await lease.takeOverFrom(first))) {
    say(`the projector lease was held by ${first.holder}, whose process is gone: taking it over`);
    return;
  }
  // A holder on this host whose process is alive runs the projections now.
  if (first.holder.startsWith(`${hostname()}:`)) throw refuse();
  say(`the projector lease is held by ${first.holder} until ${new Date(first.expiresAt).toISOString()}; it may have stopped: waiting up to ${Math.ceil(Math.max(0, first.expiresAt - Date.now()) / 1000)} s for it to expire`);
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    if (await lease.tryAcquire()) {
      say('the lease expired: taking it over');
      return;
    }
    const now = await lease.current();
    if (!now || now.holder !== first.holder || now.expiresAt > first.expiresAt) throw refuse();
  }
}


function report(result: RebuildResult, seconds: number, say: (line: string) => void): void {
  if (!result.completed) {
    throw new CliError(
      EXIT.INTERRUPTED,
      `interrupted at position ${result.position} of ${result.head}; run accord rebuild again to continue from there (the read models are incomplete until then)`,
    );
  }
  const replayed =
    result.eventsRead === 0 ? 'nothing left to replay' : `replayed positions ${result.from + 1} to ${result.head} (${result.eventsRead} events in ${seconds.toFixed(1)} s, ${Math.round(result.eventsRead / Math.max(seconds, 0.001))} events/s)`;
  process.stdout.write(`rebuilt ${result.projections.join(', ')}: ${replayed}\n`);
  if (result.poisonEvents.length > 0) {
    for (const poison of result.poisonEvents) say(describePoison(poison));
    say(`${result.poisonEvents.length} poison event(s): their handlers still fail; the read models lack those events (see accord status)`);
    process.exitCode = EXIT.CHECK_FAILED;
  }
}
