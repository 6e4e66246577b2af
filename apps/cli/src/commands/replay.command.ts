import type { Command } from 'commander';
import type { EventMetadata, EventStore } from '@accord/event-store';
import { projectFresh } from '@accord/projections';
import type { Clock } from '@accord/platform';
import { FirmsQueries, FirmsView, toMember, type Firm, type Member } from '@accord/firms';
import { DisagreementsQueries, DisagreementsView, type ConflictDebt, type Disagreement } from '@accord/disagreements';
import { DecisionsQueries, DecisionsView, type AlignedDefinition, type Decision } from '@accord/decisions';
import { allProjections, withEventStore } from '../cli-stores';
import { CliError, EXIT, failure, usageError } from '../exit-codes';
import { Progress } from '../progress';
import { interruptible } from '../interruptible';

interface ReplayOptions {
  firm: string;
  asOf: string;
  json?: boolean;
  quiet?: boolean;
}

/** The read models the answer needs; the others (audit, checks, drift) are not projected. */
const REPLAYED = ['firms', 'disagreements', 'decisions'];

/** What a decision looks like in the output: its GraphQL fields, with the decisions and disagreements it names by id. */
type DecisionOut = Omit<Decision, 'proposedById' | 'supersedesId' | 'supersededById' | 'resolvesIds'> & {
  proposedBy: Member | null;
  supersedes: { id: string } | null;
  supersededBy: { id: string } | null;
  resolves: Array<{ id: string }>;
};
type DisagreementOut = Omit<Disagreement, 'resolvedByDecisionId'> & { resolvedBy: { id: string } | null };
type DebtItemOut = { disagreement: DisagreementOut; ageDays: number; weight: number; debt: number };

export interface FirmAsOf {
  asOf: string;
  /** Null when the firm was founded after `asOf`. */
  firm: Omit<Firm, 'questions' | 'vagueWords'> | null;
  /** Events of the firm up to `asOf`, out of the log's `eventsRead`. */
  eventsApplied: number;
  eventsRead: number;
  alignedDefinitions: Array<Omit<AlignedDefinition, 'decision'> & { decision: DecisionOut }>;
  openDisagreements: DisagreementOut[];
  conflictDebt: Omit<ConflictDebt, 'items' | 'paid'> & { items: DebtItemOut[]; paid: DebtItemOut[] };
}

export function registerReplay(program: Command): void {
  program
    .command('replay')
    .description(
      "Time travel: projects the firm's events that occurred at or before --as-of from the log into a fresh in-memory store, " +
        'and prints its aligned definitions, open disagreements and conflict debt as they stood then.',
    )
    .requiredOption('--firm <id>', 'the firm')
    .requiredOption('--as-of <date>', 'an ISO-8601 date (2026-03-01, meaning 00:00 UTC, as the GraphQL API reads it) or instant (2026-03-01T17:00:00Z)')
    .option('--json', 'print the answer as JSON, shaped like the GraphQL types')
    .option('-q, --quiet', 'no progress on standard error')
    .addHelpText('after', '\nExit codes: 0 answered, 2 bad usage (a date that is not ISO-8601), 3 no such firm in the log or the store cannot be read, 130 interrupted.')
    .action((options: ReplayOptions) => replay(options));
}

async function replay(options: ReplayOptions): Promise<void> {
  const asOf = parseAsOf(options.asOf);
  const answer = await withEventStore(process.env, (store) => replayFirm(store, options.firm, asOf, { progress: !options.quiet }));
  process.stdout.write(options.json ? `${JSON.stringify(answer, null, 2)}\n` : formatAnswer(options.firm, answer));
}

/** Only ISO-8601, so a date is never read in the local time zone; a time needs its offset. No 30 February either. */
export function parseAsOf(value: string): string {
  const iso = /^(\d{4})-(\d{2})-(\d{2})(T([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d{1,9})?)?(Z|[+-]([01]\d|2[0-3]):[0-5]\d))?$/.exec(value);
  const calendarDay = iso && new Date(Date.UTC(Number(iso[1]), Number(iso[2]) - 1, Number(iso[3])));
  const ms = Date.parse(value);
  if (!iso || !calendarDay || calendarDay.getUTCMonth() !== Number(iso[2]) - 1 || calendarDay.getUTCDate() !== Number(iso[3]) || Number.isNaN(ms)) {
    throw usageError(`--as-of: "${value}" is not an ISO-8601 date (2026-03-01) or instant with its offset (2026-03-01T17:00:00Z)`);
  }
  return new Date(ms).toISOString();
}

/**
 * The firm as of `asOf`, from the log alone: its events that occurred by then, projected afresh, read
 * through the same queries and views the GraphQL API answers with, on a clock that says `asOf`.
 */
export async function replayFirm(store: EventStore, firmId: string, asOf: string, options: { progress: boolean }): Promise<FirmAsOf> {
  const at = Date.parse(asOf);
  let seen = false;
  let eventsApplied = 0;
  let eventsRead = 0;
  const include = (event: { metadata: EventMetadata }) => {
    if (event.metadata.firmId !== firmId) return false;
    seen = true;
    if (Date.parse(event.metadata.occurredAt) > at) return false;
    eventsApplied++;
    return true;
  };
  const progress = new Progress(`replay firm ${firmId}`, { unit: 'events', enabled: options.progress });
  const head = await store.headPosition();
  progress.start(head);
  const readStore = await interruptible((signal) =>
    projectFresh(
      store,
      allProjections().filter((p) => REPLAYED.includes(p.name)),
      {
        until: head,
        include,
        onBatch: (position, read) => {
          if (signal.aborted) throw new CliError(EXIT.INTERRUPTED, 'interrupted');
          eventsRead = read;
          progress.update(position, head);
        },
      },
    ),
  );
  progress.stop();
  try {
    if (!seen) throw failure(`no firm ${firmId} in the log (no event of it among ${eventsRead})`);
    const clock: Clock = { now: () => asOf };
    const firms = new FirmsView(new FirmsQueries(readStore), clock);
    const disagreements = new DisagreementsView(new DisagreementsQueries(readStore), firms.queries, clock);
    const decisions = new DecisionsView(new DecisionsQueries(readStore), firms.queries, disagreements, clock);

    const firmRow = await firms.queries.firm(firmId);
    const aligned = await decisions.alignedDefinitions(firmId, asOf);
    const debt = await disagreements.conflictDebt(firmId, asOf);
    const open = (await disagreements.toModels(await disagreements.queries.forFirm(firmId))).filter((d) => d.status !== 'RESOLVED');
    const decisionOut = async (decision: Decision): Promise<DecisionOut> => {
      const { proposedById, supersedesId, supersededById, resolvesIds, ...fields } = decision;
      const proposer = await firms.queries.member(proposedById);
      return {
        ...fields,
        proposedBy: proposer && toMember(proposer),
        supersedes: supersedesId ? { id: supersedesId } : null,
        supersededBy: supersededById ? { id: supersededById } : null,
        resolves: resolvesIds.map((id) => ({ id })),
      };
    };
    const itemOut = (item: ConflictDebt['items'][number]): DebtItemOut => ({ ...item, disagreement: disagreementOut(item.disagreement) });
    let firm: FirmAsOf['firm'] = null;
    if (firmRow) {
      const { questions: _questions, vagueWords: _vagueWords, ...fields } = firms.toFirm(firmRow);
      firm = fields;
    }
    return {
      asOf,
      firm,
      eventsApplied,
      eventsRead,
      alignedDefinitions: await Promise.all(aligned.map(async (definition) => ({ ...definition, decision: await decisionOut(definition.decision) }))),
      openDisagreements: open.map(disagreementOut),
      conflictDebt: { ...debt, items: debt.items.map(itemOut), paid: debt.paid.map(itemOut) },
    };
  } finally {
    await readStore.close();
  }
}

function disagreementOut({ resolvedByDecisionId, ...fields }: Disagreement): DisagreementOut {
  return { ...fields, resolvedBy: resolvedByDecisionId ? { id: resolvedByDecisionId } : null };
}

function formatAnswer(firmId: string, answer: FirmAsOf): string {
  const lines: string[] = [];
  const days = (n: number) => `${n} day${n === 1 ? '' : 's'}`;
  if (!answer.firm) {
    lines.push(`firm ${firmId} as of ${answer.asOf}: not founded yet`);
    return `${lines.join('\n')}\n`;
  }
  lines.push(`${answer.firm.name} (firm ${firmId}) as of ${answer.asOf}`);
  lines.push(`replayed ${answer.eventsApplied} of the firm's events (the log holds ${answer.eventsRead})`);

  lines.push('', `Aligned definitions (${answer.alignedDefinitions.length})`);
  if (answer.alignedDefinitions.length === 0) lines.push('  none');
  for (const d of answer.alignedDefinitions) {
    lines.push(`  ${d.questionKey}: ${JSON.stringify(d.answer)}`);
    lines.push(`    outcome: ${d.outcome}; decision "${d.decision.title}" (${d.decision.id}), locked ${d.lockedAt}`);
  }

  lines.push('', `Open disagreements (${answer.openDisagreements.length})`);
  if (answer.openDisagreements.length === 0) lines.push('  none');
  for (const d of answer.openDisagreements) {
    const deferred = d.deferrals.length > 0 ? `, deferred ${d.deferrals.length}×` : '';
    lines.push(`  [${d.layer}] ${d.topic} (${d.id}): ${d.status}${deferred}, raised ${d.raisedAt}, open ${days(d.openDays)}`);
    for (const p of d.positions) lines.push(`    ${p.member.name}: ${p.text}`);
  }

  const debt = answer.conflictDebt;
  const oldest = debt.oldestOpenDays === null ? '' : `, oldest open ${days(debt.oldestOpenDays)}`;
  lines.push('', `Conflict debt: ${debt.total} (${debt.openCount} open${oldest})`);
  const item = (i: DebtItemOut) => `  ${String(i.debt).padStart(10)}  = ${days(i.ageDays)} × ${i.weight} (${i.disagreement.layer})  ${i.disagreement.topic}`;
  for (const i of debt.items) lines.push(item(i));
  if (debt.paid.length > 0) {
    lines.push(`  paid (resolved by then): ${debt.paid.length}`);
    for (const i of debt.paid) lines.push(item(i));
  }
  return `${lines.join('\n')}\n`;
}
