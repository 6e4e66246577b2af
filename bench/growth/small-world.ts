import { join } from 'node:path';
import { SqliteEventStore } from '../../libs/event-store/src';
import { makeTempDir, Progress } from '../support/helpers';
import type { SqliteWorld } from '../support/world-stores';
import { eventsPerFirmQuarter, projectWorld, seedWorld, type WorldFirm } from '../support/world';

/**
 * A store of about `events` events whose firms have exactly `quarters` quarters of history, like
 * the large store's: so a firm's own history (its disagreements, checks, decisions) is the same on
 * both sides, and only the number of other events in the store differs.
 */
export async function makeWorldOfShape(events: number, quarters: number, label: string): Promise<SqliteWorld> {
  const perFirm = (quarters - 1) * eventsPerFirmQuarter() + 7; // the last quarter is left open (~7 events)
  const firms = Math.max(2, Math.round(events / perFirm));
  const dir = makeTempDir(label);
  const path = join(dir, 'accord.db');
  const progress = new Progress(`seeding ${label} (${firms} firms × ${quarters} quarters)`, Math.round(firms * perFirm));
  const seedStart = Date.now();
  const store = SqliteEventStore.open({ path, synchronous: 'OFF' });
  let seeded: { events: number; firms: WorldFirm[] };
  try {
    seeded = await seedWorld(store, { firms, quarters, openLastQuarter: true }, progress);
  } finally {
    await store.close();
    progress.clear();
  }
  const seedSeconds = (Date.now() - seedStart) / 1000;
  const projecting = new Progress(`projecting ${label}`, seeded.events);
  const { ms } = await projectWorld({ ACCORD_EVENT_STORE: `sqlite:${path}` }, (position) => projecting.tick(position));
  projecting.clear();
  return { path, dir, events: seeded.events, firms: seeded.firms, projected: true, seedSeconds, projectSeconds: ms / 1000 };
}
