import type { INestApplication } from '@nestjs/common';
import { verifyChain, type EventStore } from '@accord/event-store';
import { ProjectionProgress, type Projection, type ReadStore } from '@accord/projections';
import { EVENT_STORE, PROJECTIONS, READ_STORE, ReactionProgress } from '@accord/platform';
import { checkFullRebuildEquality } from './crash-harness-read-models';
import { shorten } from './fuzz-client';

/** C0/C1 controls other than tab, line feed and carriage return; DEL; lone surrogates. */
const FORBIDDEN = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
/** Fields that hold a name or a title: one line, at most 200 characters. */
const SHORT_FIELDS = new Set(['name', 'title']);
const SHORT_MAX = 200;
const LONGEST = 20_000;

/** Waits until the log stops growing (process managers append after mutations return) and every projection and reaction is at its head. */
export async function settle(app: INestApplication): Promise<number> {
  const store = app.get<EventStore>(EVENT_STORE);
  const projections = app.get(ProjectionProgress);
  const reactions = app.get(ReactionProgress);
  let head = -1;
  for (let round = 0; round < 50; round++) {
    const now = await store.headPosition();
    await projections.waitFor(now, { timeoutMs: 30_000 });
    await reactions.waitFor(now, 30_000);
    if (now === head) return head;
    head = now;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`the log kept growing past ${head}`);
}

/** The whole log: positions without gaps, each stream's revisions 0, 1, 2…, every hash chained and matching its content. */
export async function logProblems(app: INestApplication): Promise<{ events: number; problems: string[] }> {
  const report = await verifyChain(app.get<EventStore>(EVENT_STORE).readAll(), { gaplessPositions: true });
  return { events: report.eventsChecked, problems: report.problems };
}

/** Every read model equals a rebuild from position 0, row for row, and every checkpoint is at the head. */
export async function rebuildProblems(app: INestApplication, head: number): Promise<string[]> {
  return checkFullRebuildEquality(app.get<EventStore>(EVENT_STORE), app.get<ReadStore>(READ_STORE), app.get<Projection[]>(PROJECTIONS), head);
}

/** Text the domain should have refused, found in recorded events: controls, lone surrogates, over-long names or text. */
export async function storedTextProblems(app: INestApplication): Promise<string[]> {
  const problems: string[] = [];
  for await (const event of app.get<EventStore>(EVENT_STORE).readAll()) {
    walk(event.data, [], (path, text) => {
      const at = `position ${event.position} ${event.type}.${path.join('.')}`;
      if (FORBIDDEN.test(text)) problems.push(`${at} holds a control character or lone surrogate: ${shorten(text, 80)}`);
      const field = String(path[path.length - 1]);
      if (SHORT_FIELDS.has(field) && (text.length > SHORT_MAX || /[\n\r\t]/.test(text))) problems.push(`${at} is a ${text.length}-character or multi-line ${field}`);
      if (text.length > LONGEST) problems.push(`${at} is ${text.length} characters long`);
    });
  }
  return problems;
}

function walk(value: unknown, path: Array<string | number>, visit: (path: Array<string | number>, text: string) => void): void {
  if (typeof value === 'string') visit(path, value);
  else if (Array.isArray(value)) value.forEach((item, index) => walk(item, [...path, index], visit));
  else if (value && typeof value === 'object') for (const [key, item] of Object.entries(value)) walk(item, [...path, key], visit);
}
