import type { Command } from 'commander';
import { describePoison, readPoison, readRebuildMarkers, type PoisonEvent, type ReadStore, type ReadTx, type RebuildMarker } from '@accord/projections';
import { allProjections, withStores } from '../cli-stores';
import { EXIT } from '../exit-codes';

interface StatusOptions {
  json?: boolean;
}

export interface ProjectionsReport {
  store: string;
  headPosition: number;
  /** Who runs the projections (the projector lease), if anyone holds it now. */
  projector: { holder: string; expiresAt: string } | null;
  projections: Array<{ name: string; checkpoint: number; lag: number; rebuild?: { target: number; startedAt: string } }>;
  processManagers: Array<{ name: string; checkpoint: number; lag: number }>;
  rebuilds: RebuildMarker[];
  poisonEvents: PoisonEvent[];
}

const REACTION = 'reaction:';

export function registerStatus(program: Command): void {
  program
    .command('status')
    .description("The log's head, each projection's checkpoint and lag, unfinished rebuilds and poison events.")
    .option('--json', 'print the status as JSON')
    .addHelpText('after', '\nExit codes: 0 no poison event, 1 a projection passed over poison events, 2 bad configuration, 3 a store cannot be read.')
    .action(async (options: StatusOptions) => {
      const report = await withStores(process.env, ({ config, store, readStore }) =>
        readReport(config.eventStore.location.kind, () => store.headPosition(), readStore),
      );
      process.stdout.write(options.json ? `${JSON.stringify(report, null, 2)}\n` : formatReport(report));
      if (report.poisonEvents.length > 0) process.exitCode = EXIT.CHECK_FAILED;
    });
}

/** Read-only: a store no server has run on yet lacks the tables, which reads as nothing recorded. */
export async function readReport(storeKind: string, head: () => Promise<number>, readStore: ReadStore): Promise<ProjectionsReport> {
  const headPosition = await head();
  const checkpoints = new Map((await orNone(readStore, (tx) => tx.all<{ name: string; position: number }>('SELECT name, position FROM projection_checkpoints'))).map((row) => [row.name, Number(row.position)]));
  const rebuilds = await orNone(readStore, readRebuildMarkers);
  const poisonEvents = await orNone(readStore, (tx) => readPoison(tx));
  const lease = (await orNone(readStore, (tx) => tx.all<{ holder: string; expires_at: number }>("SELECT holder, expires_at FROM projector_lease WHERE name = 'projector'")))[0];
  const lag = (checkpoint: number) => Math.max(0, headPosition - checkpoint);
  const markers = new Map(rebuilds.map((marker) => [marker.projection, marker]));
  return {
    store: storeKind,
    headPosition,
    projector: lease && Number(lease.expires_at) > Date.now() ? { holder: lease.holder, expiresAt: new Date(Number(lease.expires_at)).toISOString() } : null,
    projections: allProjections().map(({ name }) => {
      const checkpoint = checkpoints.get(name) ?? 0;
      const marker = markers.get(name);
      return { name, checkpoint, lag: lag(checkpoint), ...(marker ? { rebuild: { target: marker.target, startedAt: marker.startedAt } } : {}) };
    }),
    processManagers: [...checkpoints]
      .filter(([name]) => name.startsWith(REACTION))
      .map(([name, checkpoint]) => ({ name: name.slice(REACTION.length), checkpoint, lag: lag(checkpoint) }))
      .sort((a, b) => a.name.localeCompare(b.name)),
    rebuilds,
    poisonEvents,
  };
}

async function orNone<T>(readStore: ReadStore, read: (tx: ReadTx) => Promise<T[]>): Promise<T[]> {
  try {
    return await readStore.read(read);
  } catch (error) {
    if (/no such table|relation .* does not exist/.test((error as Error).message)) return [];
    throw error;
  }
}

function formatReport(report: ProjectionsReport): string {
  const lines = [`head position ${report.headPosition} (${report.store} event store)`];
  lines.push(report.projector ? `projections run by ${report.projector.holder} (lease until ${report.projector.expiresAt})` : 'projections: no server or projector holds the lease now');
  const width = Math.max(...[...report.projections, ...report.processManagers].map((p) => p.name.length), 'projection'.length);
  const row = (name: string, checkpoint: number | string, lag: number | string, note = '') =>
    `  ${name.padEnd(width)}  ${String(checkpoint).padStart(10)}  ${String(lag).padStart(8)}${note ? `  ${note}` : ''}`;
  lines.push('', row('projection', 'checkpoint', 'lag'));
  for (const p of report.projections) lines.push(row(p.name, p.checkpoint, p.lag, p.rebuild ? `rebuild unfinished (to ${p.rebuild.target})` : ''));
  if (report.processManagers.length > 0) {
    lines.push('', row('process manager', 'checkpoint', 'lag'));
    for (const p of report.processManagers) lines.push(row(p.name, p.checkpoint, p.lag));
  }
  lines.push('');
  if (report.rebuilds.length === 0) lines.push('rebuilds in progress: none');
  else {
    lines.push(`rebuilds in progress: ${report.rebuilds.length} (\`accord rebuild\` continues them)`);
    for (const m of report.rebuilds) lines.push(`  ${m.projection}: started ${m.startedAt}, to position ${m.target}`);
  }
  if (report.poisonEvents.length === 0) lines.push('poison events: none');
  else {
    lines.push(`poison events: ${report.poisonEvents.length} (fix the projection, then \`accord rebuild --projection <name>\`)`);
    for (const poison of report.poisonEvents) lines.push(`  ${describePoison(poison)}`);
  }
  return `${lines.join('\n')}\n`;
}
