import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { Client } from 'pg';
import type { INestApplication } from '@nestjs/common';
import { lineHash } from '@accord/audit';
import { recomputeHash } from '@accord/event-store';
import { dropPgSchema, describeWithPostgres, freshPgUrl, testPgUrl } from '@accord/event-store/testing/services';
import { GraphqlClient } from '../apps/demo/src/graphql-client';
import { runDemoScenario, type DemoResult } from '../apps/demo/src/scenario';
import { loadConfig } from '../apps/api/src/config/load-config';
import { createApp } from '../apps/api/src/create-app';
import { listen } from '../apps/api/src/startup/listen';
import { ManualClock } from './support/api-server';
import { runCli, type CliRun } from './support/run-cli';

const DAY_MS = 86_400_000;
const START = '2026-01-05T09:00:00.000Z';
const day = (n: number) => new Date(Date.parse(START) + n * DAY_MS).toISOString();
const SEALED_TEXT = 'Recurring advisory revenue from the grandchildren of our founders';

interface AuditEvent {
  position: number;
  streamId: string;
  revision: number;
  type: string;
  data: string;
  hash: string;
  previousHash: string | null;
}
interface Line {
  kind: string;
  line: number;
  position: number;
  stream: string;
  revision: number;
  id: string;
  type: string;
  data: any;
  hash: string;
  previousHash: string | null;
  sealed?: true;
}

/** The real API on a SQLite file of the test's choosing, left in place when it stops. */
async function serveFile(file: string, clock: ManualClock): Promise<{ app: INestApplication; client: GraphqlClient }> {
  const app = await createApp(loadConfig({ ACCORD_EVENT_STORE: `sqlite:${file}`, PORT: '0' }), { logger: ['error', 'warn'], clock });
  const port = await listen(app, 0);
  return { app, client: new GraphqlClient(`http://127.0.0.1:${port}/graphql`) };
}

/** A consistent copy of a SQLite store whose server has stopped. */
function copyStore(from: string, to: string): string {
  const db = new Database(from);
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  copyFileSync(from, to);
  return to;
}

/**
 * An export with one event changed and every hash after it in its stream, the trailer and the line
 * hashes recomputed: what someone rewriting history consistently would produce. It verifies.
 */
function forgeExport(text: string, change: (line: Line) => boolean): string {
  const tips = new Map<string, string>();
  let previousLine: string | null = null;
  let changed = 0;
  const out = parse(text).map((line: any) => {
    if (line.kind === 'event') {
      if (change(line)) changed++;
      line.previousHash = tips.get(line.stream) ?? null;
      line.hash = recomputeHash(line);
      tips.set(line.stream, line.hash);
    }
    if (line.kind === 'end') line.streams = line.streams.map((s: { stream: string }) => ({ ...s, hash: tips.get(s.stream) }));
    const { lineHash: _old, ...fields } = line;
    previousLine = lineHash(previousLine, fields);
    return JSON.stringify({ ...fields, lineHash: previousLine });
  });
  expect(changed).toBe(1);
  return out.join('\n') + '\n';
}

const linesOf = (text: string) => text.split('\n').filter((line) => line.length > 0);
const parse = (text: string): Line[] => linesOf(text).map((line) => JSON.parse(line));
const eventsOf = (text: string) => parse(text).filter((line) => line.kind === 'event');
const digestIn = (output: string) => /heads digest:\s+([0-9a-f]{64})/.exec(output)?.[1];
const comparable = (lines: Line[]) => lines.map((l) => [l.stream, l.revision, l.id, l.type, l.hash, l.previousHash, JSON.stringify(l.data)]);

/**
 * `accord export`, `accord verify` and `accord import` through the real binary, on a firm's history
 * written by the real API: the demo firm (two checks, disagreements, decisions locked and superseded),
 * another firm writing in between, and a third check with one partner's answer still sealed.
 */
describe('accord export, verify and import', () => {
  const clock = new ManualClock(START);
  let dir: string;
  let source: string;
  let env: Record<string, string>;
  let story: DemoResult;
  let sealedCheckId: string;
  let auditLog: AuditEvent[];
  /** A redacted export of the firm, made in beforeAll. */
  let exported: string;
  let exportFile: string;

  const cli = (args: string[], extra: Record<string, string> = env, options?: Parameters<typeof runCli>[2]) => runCli(args, extra, options);
  const token = (role: string) => story.tokens.find((t) => t.role === role)!.token;
  const write = (name: string, text: string | Buffer) => {
    const file = join(dir, name);
    writeFileSync(file, text);
    return file;
  };
  const expectExit = (run: CliRun, code: number) => {
    if (run.code !== code) throw new Error(`exit ${run.code} (${run.signal ?? 'no signal'}), expected ${code}\nstdout: ${run.stdout}\nstderr: ${run.stderr}`);
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'accord-cli-export-'));
    source = join(dir, 'source.db');
    env = { ACCORD_EVENT_STORE: `sqlite:${source}` };
    const { app, client } = await serveFile(source, clock);
    try {
      story = await runDemoScenario(client, (n) => clock.set(day(n)));
      clock.set(day(99));
      // Another firm writes between the firm's events, so the firm's positions have gaps.
      const other = await client.request('mutation { createFirm(input: { name: "Elsewhere", kind: AGENCY, founderName: "Ola" }) { token firm { id } } }');
      const ola = other.createFirm.token as string;
      const setCadence = 'mutation ($f: ID!, $d: Int!) { setCadence(firmId: $f, cadenceDays: $d) { cadenceDays } }';
      await client.request(setCadence, { f: other.createFirm.firm.id, d: 30 }, ola);
      sealedCheckId = (await client.request('mutation ($f: ID!) { openCheck(firmId: $f) { id } }', { f: story.firmId }, token('FACILITATOR'))).openCheck.id;
      await client.request(setCadence, { f: other.createFirm.firm.id, d: 45 }, ola);
      await client.request(
        'mutation ($c: ID!, $k: String!, $t: String!) { submitAnswer(checkId: $c, questionKey: $k, text: $t) { questionKey } }',
        { c: sealedCheckId, k: 'optimizing_for', t: SEALED_TEXT },
        story.tokens[0].token,
      );
      auditLog = [];
      for (let after = 0; ; ) {
        const page = (await client.request(
          'query ($f: ID!, $a: Int) { auditLog(firmId: $f, after: $a, first: 1000) { events { position streamId revision type data hash previousHash } nextAfter hasMore } }',
          { f: story.firmId, a: after },
          token('AUDITOR'),
        )).auditLog;
        auditLog.push(...page.events);
        if (!page.hasMore) break;
        after = page.nextAfter;
      }
    } finally {
      await app.close();
    }
    exportFile = join(dir, 'firm.ndjson');
    const run = await cli(['export', '--firm', story.firmId, '--out', exportFile]);
    expectExit(run, 0);
    exported = readFileSync(exportFile, 'utf8');
  }, 120_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  describe('accord export', () => {
    it("writes the firm's events in global order between a header and a trailer, atomically into --out", async () => {
      const lines = parse(exported);
      expect(lines[0]).toMatchObject({ kind: 'accord-export', version: 1, firmId: story.firmId, redaction: 'sealed-answers' });
      expect(lines.at(-1)).toMatchObject({ kind: 'end', events: lines.length - 2, sealed: 1 });
      const positions = eventsOf(exported).map((e) => e.position);
      expect(positions).toEqual(auditLog.map((e) => e.position));
      expect(positions.some((p, i) => i > 0 && p > positions[i - 1] + 1)).toBe(true); // the other firm's events are left out
      expect(readdirSync(dir).filter((name) => name.includes('.partial'))).toEqual([]);
    });

    it('writes the same export to standard output, with progress on standard error', async () => {
      const run = await cli(['export', '--firm', story.firmId]);
      expectExit(run, 0);
      expect(comparable(eventsOf(run.stdout))).toEqual(comparable(eventsOf(exported)));
      expect(run.stderr).toMatch(/exported \d+ events in \d+ streams of firm .* to standard output, 1 sealed answer\(s\) redacted/);
    });

    it('redacts the sealed answer exactly as auditLog shows it, and shows everything else as recorded', () => {
      const byPosition = new Map(eventsOf(exported).map((e) => [e.position, e]));
      for (const logged of auditLog) {
        const line = byPosition.get(logged.position)!;
        expect([line.stream, line.revision, line.type, line.hash, line.previousHash]).toEqual([logged.streamId, logged.revision, logged.type, logged.hash, logged.previousHash]);
        const shown = JSON.parse(logged.data);
        if (line.type === 'FirmFounded') expect({ ...line.data, founder: { ...line.data.founder, tokenHash: undefined } }).toEqual({ ...shown, founder: { ...shown.founder, tokenHash: undefined } });
        else if (line.type === 'MemberJoined') expect({ ...line.data, tokenHash: undefined }).toEqual({ ...shown, tokenHash: undefined });
        else expect(line.data).toEqual(shown);
      }
      const sealed = eventsOf(exported).filter((e) => e.sealed);
      expect(sealed).toHaveLength(1);
      expect(sealed[0].data).toEqual({ checkId: sealedCheckId, questionKey: 'optimizing_for', memberId: expect.any(String), sealed: true });
      expect(sealed[0].data).toEqual(JSON.parse(auditLog.find((e) => e.position === sealed[0].position)!.data));
      expect(exported).not.toContain(SEALED_TEXT);
    });

    it('shows the answer in a later export, once its check is revealed', async () => {
      const revealed = copyStore(source, join(dir, 'revealed.db'));
      const { app, client } = await serveFile(revealed, clock);
      try {
        await client.request('mutation ($c: ID!) { revealCheck(checkId: $c) { status } }', { c: sealedCheckId }, token('FACILITATOR'));
      } finally {
        await app.close();
      }
      const run = await cli(['export', '--firm', story.firmId], { ACCORD_EVENT_STORE: `sqlite:${revealed}` });
      expectExit(run, 0);
      const before = eventsOf(exported).find((e) => e.sealed)!;
      const after = eventsOf(run.stdout).find((e) => e.id === before.id)!;
      expect(after.sealed).toBeUndefined();
      expect(after.data).toMatchObject({ checkId: sealedCheckId, text: SEALED_TEXT });
      expect(after.hash).toBe(before.hash);
      const verified = await cli(['verify', '-'], {}, { stdin: run.stdout });
      expectExit(verified, 0);
      expect(verified.stdout).toMatch(/content:\s+all \d+ verified from their content/);
    });

    it('writes nothing for an unknown firm, or where --out cannot be written', async () => {
      const unknown = await cli(['export', '--firm', '00000000-0000-4000-8000-000000000000', '--out', join(dir, 'none.ndjson')]);
      expectExit(unknown, 3);
      expect(unknown.stderr).toMatch(/no events of firm 00000000-0000-4000-8000-000000000000/);
      expect(existsSync(join(dir, 'none.ndjson'))).toBe(false);
      const nowhere = await cli(['export', '--firm', story.firmId, '--out', join(dir, 'missing-dir', 'x.ndjson')]);
      expectExit(nowhere, 3);
      expect(nowhere.stderr).toMatch(/cannot write .*x\.ndjson: no such file or directory/);
    });
  });

  describe('accord verify <file>', () => {
    it('exits 0 with a summary when the export is intact', async () => {
      const run = await cli(['verify', exportFile]);
      expectExit(run, 0);
      const events = eventsOf(exported);
      expect(run.stdout).toContain(`${exportFile}: intact`);
      expect(run.stdout).toContain(`firm:      ${story.firmId}`);
      expect(run.stdout).toMatch(new RegExp(`events:\\s+${events.length} in ${new Set(events.map((e) => e.stream)).size} streams`));
      expect(run.stdout).toMatch(new RegExp(`${events.length - 1} verified from their content; 1 sealed answer\\(s\\) linked, content sealed`));
      expect(digestIn(run.stdout)).toMatch(/^[0-9a-f]{64}$/);
    });

    it('prints the result as JSON with --json', async () => {
      const run = await cli(['verify', exportFile, '--json']);
      expectExit(run, 0);
      const result = JSON.parse(run.stdout);
      expect(result).toMatchObject({ ok: true, problems: [], summary: { firmId: story.firmId, sealed: 1, events: eventsOf(exported).length } });
      expect(result.summary.heads.length).toBe(result.summary.streams);
    });

    describe('when the export was tampered with', () => {
      const lines = () => linesOf(exported);
      const failsAt = async (name: string, text: string | Buffer, line: number, why: RegExp) => {
        const run = await cli(['verify', write(name, text)]);
        expectExit(run, 1);
        expect(run.stdout).toMatch(new RegExp(`NOT intact\\nfirst bad line: line ${line}: `));
        expect(run.stdout.split('\n')[1]).toMatch(why);
        expect(run.stderr).toMatch(new RegExp(`is not intact: line ${line}: `));
        return run;
      };

      it("fails at the line where one byte of an event's payload was changed", async () => {
        const index = lines().findIndex((line) => line.includes('"type":"DecisionProposed"'));
        const bytes = Buffer.from(exported, 'utf8');
        const offset = bytes.indexOf('"title":"What', bytes.indexOf(lines()[index])) + '"title":"'.length;
        bytes[offset] ^= 0x01; // W → V
        const stream = JSON.parse(lines()[index]).stream;
        await failsAt('byte.ndjson', bytes, index + 1, new RegExp(`stream ${stream}@0: hash does not match content`));
      });

      it('fails at the line where a line was deleted', async () => {
        const all = lines();
        await failsAt('deleted.ndjson', [...all.slice(0, 9), ...all.slice(10)].join('\n') + '\n', 10, /the export's line 10 should come before this line \(its line 11\): missing or moved/);
      });

      it('fails at the copy of a duplicated line', async () => {
        const all = lines();
        await failsAt('duplicated.ndjson', [...all.slice(0, 10), all[9], ...all.slice(10)].join('\n') + '\n', 11, /out of order: the export's line 10 comes after its line 10/);
      });

      it('fails at the first of two swapped lines', async () => {
        const all = lines();
        [all[9], all[13]] = [all[13], all[9]];
        await failsAt('swapped.ndjson', all.join('\n') + '\n', 10, /the export's lines 10\.\.13 should come before this line \(its line 14\)/);
      });

      it('fails after the last line when the trailer is missing: truncated', async () => {
        const all = lines();
        await failsAt('truncated.ndjson', all.slice(0, -1).join('\n') + '\n', all.length, new RegExp(`the export ends after line ${all.length - 1} without its trailer: the file is truncated`));
      });

      it('fails at a line cut in the middle', async () => {
        const all = lines();
        await failsAt('cut.ndjson', [...all.slice(0, 20), all[20].slice(0, 50)].join('\n'), 21, /not valid JSON/);
      });
    });

    it('exits 3 for a file that does not exist, and 2 without a file or --firm, or with both', async () => {
      const missing = await cli(['verify', join(dir, 'no-such.ndjson')]);
      expectExit(missing, 3);
      expect(missing.stderr).toMatch(/cannot read .*no-such\.ndjson: no such file or directory/);
      expectExit(await cli(['verify']), 2);
      expectExit(await cli(['verify', exportFile, '--firm', story.firmId]), 2);
      expectExit(await cli(['verify', exportFile, '--no-such-flag']), 2);
      expectExit(await cli(['export']), 2);
      expectExit(await cli(['import']), 2);
    });
  });

  describe('accord verify --firm', () => {
    it('verifies the live store against its chains and the audit read model, with the same heads digest as the export', async () => {
      const run = await cli(['verify', '--firm', story.firmId]);
      expectExit(run, 0);
      expect(run.stdout).toContain(`firm ${story.firmId} in sqlite:${source}: intact`);
      expect(run.stdout).toMatch(/compared with the audit read model \(through position \d+/);
      expect(digestIn(run.stdout)).toBe(digestIn((await cli(['verify', exportFile])).stdout));
    });

    it('finds an event rewritten in the SQLite file behind the store\'s back', async () => {
      const tampered = copyStore(source, join(dir, 'rewritten.db'));
      const target = eventsOf(exported).find((e) => e.type === 'DecisionProposed')!;
      const db = new Database(tampered);
      db.exec('DROP TRIGGER events_refuse_update');
      expect(db.prepare("UPDATE events SET data = replace(data, 'What', 'Why') WHERE position = ?").run(target.position).changes).toBe(1);
      db.close();
      const run = await cli(['verify', '--firm', story.firmId], { ACCORD_EVENT_STORE: `sqlite:${tampered}` });
      expectExit(run, 1);
      expect(run.stdout).toContain(`first broken position: ${target.position}`);
      expect(run.stdout).toMatch(new RegExp(`position ${target.position} \\(${target.stream}@0\\): hash does not match content`));
    });

    it("finds a stream's last event deleted, by what the audit read model remembers", async () => {
      const tampered = copyStore(source, join(dir, 'deleted.db'));
      const last = eventsOf(exported).filter((e) => e.stream === `firm-${story.firmId}`).at(-1)!;
      const db = new Database(tampered);
      db.exec('DROP TRIGGER events_refuse_delete');
      expect(db.prepare('DELETE FROM events WHERE position = ?').run(last.position).changes).toBe(1);
      db.close();
      const run = await cli(['verify', '--firm', story.firmId], { ACCORD_EVENT_STORE: `sqlite:${tampered}` });
      expectExit(run, 1);
      expect(run.stdout).toMatch(new RegExp(`position ${last.position} \\(${last.stream}@${last.revision}\\): in the audit log but missing from the event store`));
    });
  });

  describeWithPostgres('accord import into PostgreSQL', () => {
    const schemas: string[] = [];
    const pgEnv = () => {
      const events = freshPgUrl('accord_import');
      const read = freshPgUrl('accord_import_read');
      schemas.push(events, read);
      return { ACCORD_EVENT_STORE: events, ACCORD_READ_STORE: read };
    };
    const countEvents = async (url: string) => {
      const client = new Client({ connectionString: testPgUrl() });
      await client.connect();
      try {
        const schema = new URL(url).searchParams.get('schema');
        return Number((await client.query(`SELECT count(*) AS n FROM "${schema}".events`)).rows[0].n);
      } finally {
        await client.end();
      }
    };
    let full: string;
    let fullFile: string;

    beforeAll(async () => {
      fullFile = join(dir, 'full.ndjson');
      expectExit(await cli(['export', '--firm', story.firmId, '--full', '--out', fullFile]), 0);
      full = readFileSync(fullFile, 'utf8');
    });
    afterAll(async () => {
      for (const url of schemas) await dropPgSchema(url);
    });

    it('imports a full export with its hashes; the target verifies, and exports the same history', async () => {
      const target = pgEnv();
      const run = await cli(['import', fullFile], target);
      expectExit(run, 0);
      const events = eventsOf(full);
      expect(run.stdout).toMatch(new RegExp(`imported firm ${story.firmId} into postgres://.*: ${events.length} events in \\d+ streams \\(${events.length} appended\\); every stream's head hash equals the export's`));
      expect(run.stderr).toMatch(/import: appending: \d+\/\d+ events/);

      const verified = await cli(['verify', '--firm', story.firmId], target);
      expectExit(verified, 0);
      expect(digestIn(verified.stdout)).toBe(digestIn((await cli(['verify', fullFile])).stdout));
      expect(digestIn(verified.stdout)).toBe(digestIn(run.stdout));

      const again = await cli(['export', '--firm', story.firmId, '--full'], target);
      expectExit(again, 0);
      expect(comparable(eventsOf(again.stdout))).toEqual(comparable(events));
      expect(JSON.parse(linesOf(again.stdout).at(-1)!).streams).toEqual(JSON.parse(linesOf(full).at(-1)!).streams);

      const rerun = await cli(['import', fullFile], target);
      expectExit(rerun, 0);
      expect(rerun.stdout).toMatch(new RegExp(`\\(0 appended, ${events.length} already there\\)`));
      expect(await countEvents(target.ACCORD_EVENT_STORE)).toBe(events.length);
    });

    it('refuses a redacted export, writing nothing: the sealed text is not there to hash', async () => {
      const target = pgEnv();
      const run = await cli(['import', exportFile], target);
      expectExit(run, 3);
      expect(run.stderr).toMatch(/import refused: the export holds 1 sealed answer\(s\).*--full/);
      expect(await countEvents(target.ACCORD_EVENT_STORE)).toBe(0);
    });

    it('refuses an export that is not intact, naming the line, writing nothing', async () => {
      const target = pgEnv();
      const all = linesOf(full);
      const run = await cli(['import', write('broken-full.ndjson', [...all.slice(0, 5), ...all.slice(6)].join('\n') + '\n')], target);
      expectExit(run, 1);
      expect(run.stderr).toMatch(/import refused: the export is not intact, nothing imported: line 6: /);
      expect(await countEvents(target.ACCORD_EVENT_STORE)).toBe(0);
    });

    it('refuses a store whose streams of the firm hold other events, writing nothing', async () => {
      const target = pgEnv();
      // A forged history of the firm, consistent in itself: the founding's name changed and every hash after it recomputed.
      const forged = write('forged.ndjson', forgeExport(full, (line) => line.type === 'FirmFounded' && ((line.data.name = 'Harbour & Reed'), true)));
      expectExit(await cli(['verify', forged]), 0);
      expectExit(await cli(['import', forged], target), 0);
      const before = await countEvents(target.ACCORD_EVENT_STORE);
      const run = await cli(['import', fullFile], target);
      expectExit(run, 3);
      expect(run.stderr).toMatch(new RegExp(`import refused: stream firm-${story.firmId} in the target holds another event at revision \\d+ .*nothing imported`));
      expect(await countEvents(target.ACCORD_EVENT_STORE)).toBe(before);
    });

    it('refuses a store whose stream of the firm goes further than the export', async () => {
      const target = pgEnv();
      const revealed = copyStore(source, join(dir, 'revealed-for-import.db'));
      const { app, client } = await serveFile(revealed, clock);
      try {
        await client.request('mutation ($c: ID!) { revealCheck(checkId: $c) { status } }', { c: sealedCheckId }, token('FACILITATOR'));
      } finally {
        await app.close();
      }
      const later = join(dir, 'later.ndjson');
      expectExit(await cli(['export', '--firm', story.firmId, '--full', '--out', later], { ACCORD_EVENT_STORE: `sqlite:${revealed}` }), 0);
      expectExit(await cli(['import', later], target), 0);
      const before = await countEvents(target.ACCORD_EVENT_STORE);
      const run = await cli(['import', fullFile], target);
      expectExit(run, 3);
      expect(run.stderr).toMatch(new RegExp(`stream check-${sealedCheckId} in the target already goes to revision 2, past the export's 1`));
      expect(await countEvents(target.ACCORD_EVENT_STORE)).toBe(before);
    });
  });
});
