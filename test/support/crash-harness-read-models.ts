import type { EventStore } from '@accord/event-store';
import { diffSnapshots, projectFresh, snapshotReadModels, type Projection, type ReadStore } from '@accord/projections';

const REACTION = 'reaction:';

export interface Checkpoints {
  projections: Map<string, number>;
  reactions: Map<string, number>;
}

export async function readCheckpoints(readStore: ReadStore): Promise<Checkpoints> {
  const rows = await readStore.read((tx) => tx.all<{ name: string; position: number | string }>('SELECT name, position FROM projection_checkpoints'));
  const projections = new Map<string, number>();
  const reactions = new Map<string, number>();
  for (const { name, position } of rows) {
    if (name.startsWith(REACTION)) reactions.set(name.slice(REACTION.length), Number(position));
    else projections.set(name, Number(position));
  }
  return { projections, reactions };
}

/**
 * No checkpoint is ahead of its data, nor behind it: each projection's tables hold exactly the rows a
 * fresh projection of the log up to its checkpoint gives, row for row; no checkpoint (projection or
 * process manager) is past the head. Projections at the same checkpoint share one fresh projection.
 */
export async function checkCheckpointsMatchData(
  store: EventStore,
  readStore: ReadStore,
  projections: readonly Projection[],
  checkpoints: Checkpoints,
  head: number,
): Promise<string[]> {
  const problems: string[] = [];
  for (const [name, position] of [...checkpoints.projections, ...[...checkpoints.reactions].map(([n, p]) => [`${REACTION}${n}`, p] as const)]) {
    if (position > head) problems.push(`checkpoint ${name} is at ${position}, past the head ${head}`);
  }
  const byCheckpoint = new Map<number, Projection[]>();
  for (const projection of projections) {
    const position = checkpoints.projections.get(projection.name);
    if (position === undefined) {
      problems.push(`projection ${projection.name} has no checkpoint`);
      continue;
    }
    byCheckpoint.set(position, [...(byCheckpoint.get(position) ?? []), projection]);
  }
  for (const [position, group] of byCheckpoint) {
    const fresh = await projectFresh(store, group, { until: position });
    try {
      for (const projection of group) {
        const differences = diffSnapshots(await snapshotReadModels(fresh, [projection]), await snapshotReadModels(readStore, [projection]), 5);
        for (const difference of differences) problems.push(`projection ${projection.name} at checkpoint ${position}: ${difference}`);
      }
    } finally {
      await fresh.close();
    }
  }
  return problems;
}

/** After a clean stop: every checkpoint at the head, and the read models equal to a full rebuild, row for row. */
export async function checkFullRebuildEquality(store: EventStore, readStore: ReadStore, projections: readonly Projection[], head: number): Promise<string[]> {
  const problems: string[] = [];
  const checkpoints = await readCheckpoints(readStore);
  for (const projection of projections) {
    const position = checkpoints.projections.get(projection.name);
    if (position !== head) problems.push(`projection ${projection.name} stopped at ${position}, not at the head ${head}`);
  }
  for (const [name, position] of checkpoints.reactions) {
    if (position > head) problems.push(`process manager ${name} stopped at ${position}, past the head ${head}`);
  }
  const fresh = await projectFresh(store, projections, { until: head });
  try {
    problems.push(...diffSnapshots(await snapshotReadModels(fresh, projections), await snapshotReadModels(readStore, projections), 10));
  } finally {
    await fresh.close();
  }
  return problems;
}
