import { Logger } from '@nestjs/common';
import { allProjections, withStores } from '../../apps/cli/src/cli-stores';
import type { Ledger } from './crash-harness-ledger';
import { checkLedgerInLog, readLog } from './crash-harness-log';
import { checkReactionEffects } from './crash-harness-reactions';
import { checkCheckpointsMatchData, checkFullRebuildEquality, readCheckpoints } from './crash-harness-read-models';
import type { CrashTarget } from './crash-harness-target';

export interface Inspection {
  head: number;
  eventsByFirm: Map<string, number>;
  problems: string[];
}

/**
 * The stores as the server left them (killed, or after `final`, stopped cleanly), opened the way the
 * CLI opens them: hash chains, the ledger against the log, checkpoints against their data and the
 * head, reactions against their checkpoints; after a clean stop also a full rebuild, row for row.
 */
export async function inspectStores(target: CrashTarget, ledger: Ledger, options: { final: boolean }): Promise<Inspection> {
  // Opening PostgreSQL runs the read store's migrations, which log through Nest: keep the output to the harness's own.
  Logger.overrideLogger(['error', 'warn']);
  const snapshot = target.snapshot();
  try {
    return await withStores(snapshot.env, async ({ store, readStore }) => {
      const projections = allProjections();
      const log = await readLog(store, { gaplessPositions: target.gaplessPositions });
      const problems = log.chain.problems.map((p) => `hash chain: ${p}`);
      problems.push(...checkLedgerInLog(ledger.all(), log));
      const checkpoints = await readCheckpoints(readStore);
      problems.push(...(await checkCheckpointsMatchData(store, readStore, projections, checkpoints, log.head)));
      problems.push(...checkReactionEffects(log, checkpoints.reactions));
      if (options.final) problems.push(...(await checkFullRebuildEquality(store, readStore, projections, log.head)));
      return { head: log.head, eventsByFirm: log.eventsByFirm, problems };
    });
  } finally {
    snapshot.discard();
  }
}
