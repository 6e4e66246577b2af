import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { EventStore } from '@accord/event-store';
import type { ReadStore } from '@accord/projections';
import { callerScope, EVENT_STORE, keyedRequest, READ_STORE } from '@accord/platform';
import { startApiServer, type ApiServer } from './support/api-server';
import { RetryingClient, STORY_MUTATIONS, firmStory, once, send, type Mutation, type Sent } from './support/idempotent-workload';

const FIRMS = 12;

/** How many events of each type the SQLite file holds, read beside the server through a connection of its own. */
function eventCounts(dataFile: string): Record<string, number> {
  const db = new Database(dataFile, { readonly: true, fileMustExist: true });
  try {
    const rows = db.prepare('SELECT type, COUNT(*) AS n FROM events GROUP BY type ORDER BY type').all() as Array<{ type: string; n: number }>;
    return Object.fromEntries(rows.map(({ type, n }) => [type, n]));
  } finally {
    db.close();
  }
}
const eventTotal = (dataFile: string) => Object.values(eventCounts(dataFile)).reduce((sum, n) => sum + n, 0);
const range = (n: number) => Array.from({ length: n }, (_, i) => i);

const CREATE_FIRM = 'mutation($i: CreateFirmInput!) { createFirm(input: $i) { token firm { id name } member { id name } } }';
const ADD_MEMBER = 'mutation($f: ID!, $i: AddMemberInput!) { addMember(firmId: $f, input: $i) { token member { id name role } } }';
const RAISE = 'mutation($f: ID!, $i: RaiseDisagreementInput!) { raiseDisagreement(firmId: $f, input: $i) { id topic status positions { member { id } text } } }';
const OPEN_CHECK = 'mutation($f: ID!) { openCheck(firmId: $f) { id status participants { id } questions { key } } }';
const SUBMIT = 'mutation($c: ID!, $q: String!, $t: String!) { submitAnswer(checkId: $c, questionKey: $q, text: $t) { questionKey text vagueTerms member { id } } }';
const JUDGE = 'mutation($c: ID!, $q: String!, $j: Judgement!) { judgeQuestion(checkId: $c, questionKey: $q, judgement: $j) { id status questions { key judgement } } }';

const codeOf = (sent: Sent) => sent.body.errors?.[0]?.extensions?.code;

describe('idempotent mutations over HTTP (embedded SQLite)', () => {
  describe('when over a thousand requests are retried', () => {
    let server: ApiServer;
    let client: RetryingClient;
    let reference: Record<string, number>;

    beforeAll(async () => {
      // The reference: the same stories, each mutation sent once without a key, on a server of its own.
      const plain = await startApiServer();
      try {
        await Promise.all(range(FIRMS).map((n) => firmStory(once(plain.httpUrl), n)));
        reference = eventCounts(plain.dataFile);
      } finally {
        await plain.close();
      }
      server = await startApiServer();
      client = new RetryingClient([server.httpUrl]);
      await Promise.all(range(FIRMS).map((n) => firmStory(client.perform, n)));
    }, 180_000);
    afterAll(async () => server?.close());

    it(`sends ${FIRMS * STORY_MUTATIONS} keyed mutations of every kind, each retried four times: over a thousand retries`, () => {
      expect(client.sent).toHaveLength(FIRMS * STORY_MUTATIONS);
      expect(client.sent.flatMap((keyed) => keyed.retries).length).toBeGreaterThanOrEqual(1000);
      const operations = new Set(client.sent.map((keyed) => /\{\s*(\w+)\(/.exec(keyed.mutation.query)?.[1]));
      expect([...operations].sort()).toEqual(
        ['addMember', 'closeCheck', 'createFirm', 'deferDisagreement', 'endorseDecision', 'judgeQuestion', 'openCheck', 'proposeDecision', 'raiseDisagreement', 'submitAnswer'].sort(),
      );
    });

    it('answers every retry with the first response, byte for byte, and the same status', () => {
      const differing = client.sent.flatMap((keyed) => keyed.retries.filter((retry) => retry.text !== keyed.first.text || retry.status !== keyed.first.status));
      expect(differing).toEqual([]);
    });

    it('executes each request once: of its five responses, only one is not marked replayed', () => {
      const executedTimes = client.sent.map((keyed) => [keyed.first, ...keyed.retries].filter((sent) => !sent.replayed).length);
      expect(new Set(executedTimes)).toEqual(new Set([1]));
    });

    it('replays stored refusals too (the vague answer of every story)', () => {
      const vague = client.sent.filter((keyed) => codeOf(keyed.first) === 'VAGUE_ANSWER');
      expect(vague).toHaveLength(FIRMS);
      for (const keyed of vague) expect(keyed.retries.map((retry) => [retry.text, retry.replayed])).toEqual(Array(4).fill([keyed.first.text, true]));
    });

    it('appends exactly what the same requests sent once without keys append', () => {
      expect(eventCounts(server.dataFile)).toEqual(reference);
    });

    it('replays every response again later, appending nothing', async () => {
      const before = eventTotal(server.dataFile);
      expect(await client.resendAll()).toEqual([]);
      expect(eventTotal(server.dataFile)).toBe(before);
    });

    it('replays every response after a restart, appending nothing', async () => {
      const before = eventTotal(server.dataFile);
      server = await server.restart();
      client.urls = [server.httpUrl];
      expect(await client.resendAll()).toEqual([]);
      expect(eventTotal(server.dataFile)).toBe(before);
    });
  });

  describe('for one firm', () => {
    let server: ApiServer;
    let firmId: string;
    const token: Record<'ann' | 'bob' | 'fay', string> = {} as never;
    const id: Record<'ann' | 'bob', string> = {} as never;

    const raise = (by: string, topic: string): Mutation => ({
      query: RAISE,
      variables: { f: firmId, i: { topic, layer: 'PEOPLE', positions: [{ memberId: id.ann, text: 'Hire two juniors' }, { memberId: id.bob, text: 'Hire one senior' }] } },
      token: by,
    });
    const events = () => eventTotal(server.dataFile);

    beforeAll(async () => {
      server = await startApiServer();
      const created = (await send(server.httpUrl, { query: CREATE_FIRM, variables: { i: { name: 'Hale', kind: 'LAW', founderName: 'Ann' } } })).body.data.createFirm;
      firmId = created.firm.id;
      token.ann = created.token;
      id.ann = created.member.id;
      for (const [who, name, role] of [['bob', 'Bob', 'PARTNER'], ['fay', 'Fay', 'FACILITATOR']] as const) {
        const added = (await send(server.httpUrl, { query: ADD_MEMBER, variables: { f: firmId, i: { name, role } }, token: token.ann })).body.data.addMember;
        token[who] = added.token;
        if (who === 'bob') id.bob = added.member.id;
      }
    });
    afterAll(async () => server?.close());

    describe('a key sent again with another request', () => {
      it('is refused with BAD_USER_INPUT (HTTP 422) naming the problem; nothing is appended and the first response still replays', async () => {
        const key = randomUUID();
        const first = await send(server.httpUrl, raise(token.fay, 'Salaries'), key);
        const before = events();
        const other = await send(server.httpUrl, raise(token.fay, 'Bonuses'), key);
        expect(other.status).toBe(422);
        expect(other.body.errors).toEqual([{ message: expect.stringMatching(/Idempotency-Key was already used for a different request/), extensions: { code: 'BAD_USER_INPUT' } }]);
        expect(events()).toBe(before);
        const again = await send(server.httpUrl, raise(token.fay, 'Salaries'), key);
        expect([again.text, again.replayed]).toEqual([first.text, true]);
      });
    });

    describe('a malformed key', () => {
      it.each([
        ['empty', ''],
        ['256 characters long', 'k'.repeat(256)],
        ['not ASCII', 'clé'],
      ])('is refused with BAD_USER_INPUT (HTTP 400) when %s, before anything executes', async (_, key) => {
        const before = events();
        const sent = await send(server.httpUrl, raise(token.fay, 'Malformed'), key);
        expect(sent.status).toBe(400);
        expect(sent.body.errors).toEqual([{ message: expect.stringMatching(/Idempotency-Key header must be 1 to 255 printable ASCII characters/), extensions: { code: 'BAD_USER_INPUT' } }]);
        expect(events()).toBe(before);
      });
    });

    describe('without a key', () => {
      it('executes every request, as before', async () => {
        const before = events();
        const [a, b] = [await send(server.httpUrl, raise(token.fay, 'Twice')), await send(server.httpUrl, raise(token.fay, 'Twice'))];
        expect(a.body.data.raiseDisagreement.id).not.toBe(b.body.data.raiseDisagreement.id);
        expect([a.replayed, b.replayed]).toEqual([false, false]);
        expect(events()).toBe(before + 2);
      });
    });

    describe('a query with a key', () => {
      it('is served as usual: never stored, never replayed', async () => {
        const head = { query: '{ serverStatus { headPosition } }', variables: {} };
        const key = randomUUID();
        const first = await send(server.httpUrl, head, key);
        await send(server.httpUrl, raise(token.fay, 'Between two queries'));
        const second = await send(server.httpUrl, head, key);
        expect(second.replayed).toBe(false);
        expect(second.body.data.serverStatus.headPosition).toBe(first.body.data.serverStatus.headPosition + 1);
      });
    });

    describe('two callers sending the same key', () => {
      it('are independent: each request executes, and each caller gets its own response back', async () => {
        const key = randomUUID();
        const before = events();
        const ann = await send(server.httpUrl, raise(token.ann, 'Same key'), key);
        const bob = await send(server.httpUrl, raise(token.bob, 'Same key'), key);
        expect([ann.replayed, bob.replayed]).toEqual([false, false]);
        expect(ann.body.data.raiseDisagreement.id).not.toBe(bob.body.data.raiseDisagreement.id);
        expect(events()).toBe(before + 2);
        expect((await send(server.httpUrl, raise(token.bob, 'Same key'), key)).text).toBe(bob.text);
        expect((await send(server.httpUrl, raise(token.ann, 'Same key'), key)).text).toBe(ann.text);
      });
    });

    describe('a refusal', () => {
      it('is stored and replayed even when the request would now succeed', async () => {
        const check = (await send(server.httpUrl, { query: OPEN_CHECK, variables: { f: firmId }, token: token.fay })).body.data.openCheck;
        const judge = { query: JUDGE, variables: { c: check.id, q: 'client_outcome', j: 'MATCH' }, token: token.fay };
        const key = randomUUID();
        const refused = await send(server.httpUrl, judge, key);
        expect(codeOf(refused)).toBe('INVALID_STATE');
        for (const [who, text] of [['ann', 'Missed filing deadlines'], ['bob', 'Missed filing deadlines']] as const) {
          for (const q of ['client_outcome', 'optimizing_for', 'refuse_to_do']) {
            expect((await send(server.httpUrl, { query: SUBMIT, variables: { c: check.id, q, t: `${text} (${q})` }, token: token[who] })).body.errors).toBeUndefined();
          }
        }
        const replayed = await send(server.httpUrl, judge, key);
        expect([replayed.text, replayed.replayed]).toEqual([refused.text, true]);
        expect((await send(server.httpUrl, judge, randomUUID())).body.data.judgeQuestion.status).toBe('REVEALED');
      });
    });

    describe('a transient failure', () => {
      it('is not stored: the retry executes, and its response is the one replayed from then on', async () => {
        const store = server.app.get<EventStore>(EVENT_STORE);
        const append = store.append;
        store.append = async () => {
          store.append = append;
          throw new Error('the disk is briefly unavailable');
        };
        const key = randomUUID();
        const before = events();
        const failed = await send(server.httpUrl, raise(token.fay, 'Transient'), key);
        expect(codeOf(failed)).toBe('INTERNAL_SERVER_ERROR');
        expect(events()).toBe(before);
        const retried = await send(server.httpUrl, raise(token.fay, 'Transient'), key);
        expect(retried.replayed).toBe(false);
        expect(retried.body.data.raiseDisagreement.topic).toBe('Transient');
        expect(events()).toBe(before + 1);
        const again = await send(server.httpUrl, raise(token.fay, 'Transient'), key);
        expect([again.text, again.replayed]).toEqual([retried.text, true]);
      });
    });

    describe('a transient failure after the events were recorded', () => {
      it('is not stored, and the retry recognises what was recorded instead of recording it again', async () => {
        const store = server.app.get<EventStore>(EVENT_STORE);
        const append = store.append;
        store.append = async (...args) => {
          store.append = append;
          await append.apply(store, args);
          throw new Error('the acknowledgement was lost');
        };
        const key = randomUUID();
        const before = events();
        expect(codeOf(await send(server.httpUrl, raise(token.fay, 'Recorded, then failed'), key))).toBe('INTERNAL_SERVER_ERROR');
        expect(events()).toBe(before + 1);
        const retried = await send(server.httpUrl, raise(token.fay, 'Recorded, then failed'), key);
        expect(retried.body.data.raiseDisagreement.topic).toBe('Recorded, then failed');
        expect(events()).toBe(before + 1);
      });
    });

    describe('a retry arriving while the first attempt executes', () => {
      it('waits for it and answers with its response', async () => {
        const store = server.app.get<EventStore>(EVENT_STORE);
        const append = store.append;
        store.append = async (...args) => {
          store.append = append;
          await sleep(500);
          return append.apply(store, args);
        };
        const key = randomUUID();
        const before = events();
        const first = send(server.httpUrl, raise(token.fay, 'Slow'), key);
        await sleep(100);
        const retry = await send(server.httpUrl, raise(token.fay, 'Slow'), key);
        expect([retry.text, retry.replayed]).toEqual([(await first).text, true]);
        expect(events()).toBe(before + 1);
      });
    });

    describe('when the process died after appending, before storing the response', () => {
      /** Puts the key's row back as a claim that a dead process left behind: pending, with a heartbeat long stopped. */
      async function loseResponse(mutation: Mutation, key: string): Promise<void> {
        const { keyHash } = keyedRequest(callerScope(mutation.token && `Bearer ${mutation.token}`), key, mutation);
        const readStore = server.app.get<ReadStore>(READ_STORE);
        const { changes } = await readStore.transaction((tx) =>
          tx.run("UPDATE idempotency_keys SET state = 'pending', response = NULL, completed_at = NULL, owner = 'a process that died', heartbeat_at = 0 WHERE key_hash = ?", [keyHash]),
        );
        expect(changes).toBe(1);
      }

      it('executes the retry again without appending anything, and answers as the first attempt did', async () => {
        const key = randomUUID();
        const open: Mutation = { query: OPEN_CHECK, variables: { f: firmId }, token: token.fay };
        const first = await send(server.httpUrl, open, key);
        const answer: Mutation = { query: SUBMIT, variables: { c: first.body.data.openCheck.id, q: 'client_outcome', t: 'Late filings' }, token: token.ann };
        const answerKey = randomUUID();
        const answered = await send(server.httpUrl, answer, answerKey);
        const before = events();
        await loseResponse(open, key);
        await loseResponse(answer, answerKey);

        const [reopened, reanswered] = [await send(server.httpUrl, open, key), await send(server.httpUrl, answer, answerKey)];
        expect([reopened.text, reopened.replayed]).toEqual([first.text, false]);
        expect([reanswered.text, reanswered.replayed]).toEqual([answered.text, false]);
        expect(events()).toBe(before);
        expect((await send(server.httpUrl, open, key)).replayed).toBe(true);
      });

      it.each([
        ['createFirm', () => ({ query: CREATE_FIRM, variables: { i: { name: 'Lost reply LLP', kind: 'LAW', founderName: 'Lou' } } })],
        ['addMember', () => ({ query: ADD_MEMBER, variables: { f: firmId, i: { name: 'Lou', role: 'PARTNER' } }, token: token.ann })],
      ])('answers a retried %s with CONFLICT: the token it minted cannot be shown again', async (_, mutation: () => Mutation) => {
        const key = randomUUID();
        const first = await send(server.httpUrl, mutation(), key);
        expect(first.body.errors).toBeUndefined();
        const before = events();
        await loseResponse(mutation(), key);
        for (let attempt = 0; attempt < 2; attempt++) {
          const retried = await send(server.httpUrl, mutation(), key);
          expect(retried.body.errors).toEqual([
            { message: expect.stringMatching(/earlier attempt .* but its reply, the only place the token is shown, was lost/), path: [expect.any(String)], locations: expect.any(Array), extensions: expect.objectContaining({ code: 'CONFLICT', reason: 'TOKEN_REPLY_LOST' }) },
          ]);
          expect(retried.text).not.toContain('acc_');
        }
        expect(events()).toBe(before);
      });
    });
  });
});
