import { mkdtempSync, rmSync } from 'node:fs';
import type { ChildProcess } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { ChecksQueries } from '@accord/checks';
import { postGraphql, startApiServer, type ApiServer } from './support/api-server';
import { listeningPort, spawnApi, untilExit } from './support/run-api-process';

type Result = { data?: any; errors?: Array<{ message: string; extensions?: Record<string, any> }> };

const CREATE_FIRM = 'mutation { createFirm(input: { name: "Hale & Rowe", kind: LAW, founderName: "Ada" }) { token firm { id } } }';
/** A stack frame as V8 prints it. */
const STACK_FRAME = /\n\s+at |\.ts:\d+/;

/** What no error of a response may carry: a stack, an exception; every error has a code (a refusal may add its details, e.g. `id`). */
function expectNoInternals(result: Result): void {
  for (const error of result.errors ?? []) {
    expect(Object.keys(error.extensions ?? {}).filter((key) => /stack|exception|original|cause/i.test(key))).toEqual([]);
    expect(typeof error.extensions?.code).toBe('string');
    expect(error.message).not.toMatch(STACK_FRAME);
  }
  expect(JSON.stringify(result)).not.toMatch(/stacktrace|exception|node_modules/i);
}

describe('errors', () => {
  describe('with NODE_ENV=production, in process', () => {
    let server: ApiServer;
    let token: string;
    let firmId: string;
    const gql = (query: string, variables: Record<string, unknown> = {}, as: string | undefined = token): Promise<Result> => postGraphql<any>(server, query, variables, as);

    beforeAll(async () => {
      server = await startApiServer({ NODE_ENV: 'production' });
      const created = (await gql(CREATE_FIRM, {}, undefined)).data!.createFirm;
      token = created.token;
      firmId = created.firm.id;
    });
    afterAll(async () => server?.close());
    afterEach(() => jest.restoreAllMocks());

    it('answers an unexpected failure as INTERNAL_SERVER_ERROR with no stack, message or internals', async () => {
      jest.spyOn(server.app.get(ChecksQueries), 'checks').mockRejectedValue(new TypeError('cannot read /srv/accord/secret.db: boom'));
      const result = await gql('query ($f: ID!) { checks(firmId: $f) { id } }', { f: firmId });
      expect(result.errors).toEqual([{ message: 'internal error', locations: expect.any(Array), path: ['checks'], extensions: { code: 'INTERNAL_SERVER_ERROR' } }]);
      expect(JSON.stringify(result)).not.toMatch(/secret|boom|TypeError/);
      expectNoInternals(result);
    });

    it('answers a refusal with its code and a message a person understands', async () => {
      const forbidden = await gql('mutation ($f: ID!) { addMember(firmId: $f, input: { name: "X", role: VIEWER }) { token } }', { f: firmId }, 'acc_unknown');
      expect(forbidden.errors).toEqual([expect.objectContaining({ message: 'the token is not valid (unknown, or its member has left the firm)', extensions: { code: 'UNAUTHENTICATED' } })]);
      const unknown = await gql('query { check(id: "00000000-0000-4000-8000-000000000000") { id } }');
      expect(unknown.errors?.[0].extensions).toEqual({ code: 'NOT_FOUND', id: '00000000-0000-4000-8000-000000000000' });
      expect(unknown.errors?.[0].message).toMatch(/check/);
      const conflictOfState = await gql('mutation ($f: ID!) { openCheck(firmId: $f) { id } }', { f: firmId });
      expect(conflictOfState.errors?.[0]).toMatchObject({ message: expect.stringMatching(/at least two participants/), extensions: { code: 'INVALID_STATE' } });
      for (const result of [forbidden, unknown, conflictOfState]) expectNoInternals(result);
    });

    it.each([
      ['a wrong enum literal', 'mutation { createFirm(input: { name: "A", kind: PIRATES, founderName: "B" }) { token } }', {}, 'GRAPHQL_VALIDATION_FAILED'],
      ['a wrong enum variable', 'mutation ($k: FirmKind!) { createFirm(input: { name: "A", kind: $k, founderName: "B" }) { token } }', { k: 'PIRATES' }, 'BAD_USER_INPUT'],
      ['a missing argument', 'query { check { id } }', {}, 'GRAPHQL_VALIDATION_FAILED'],
      ['a missing variable', 'query ($id: ID!) { check(id: $id) { id } }', {}, 'BAD_USER_INPUT'],
      ['a missing input field', 'mutation { createFirm(input: { name: "A", kind: LAW }) { token } }', {}, 'GRAPHQL_VALIDATION_FAILED'],
      ['a wrong type', 'query ($f: ID!) { auditLog(firmId: $f, first: "ten") { hasMore } }', { f: 'x' }, 'GRAPHQL_VALIDATION_FAILED'],
      ['an Int out of range', 'query ($f: ID!) { auditLog(firmId: $f, first: 99999999999) { hasMore } }', { f: 'x' }, 'GRAPHQL_VALIDATION_FAILED'],
      ['a bad DateTime', 'query ($f: ID!) { conflictDebt(firmId: $f, asOf: "yesterday-ish") { total } }', { f: 'x' }, 'BAD_USER_INPUT'],
      ['a bad DateTime variable', 'query ($f: ID!, $a: DateTime) { conflictDebt(firmId: $f, asOf: $a) { total } }', { f: 'x', a: 'soon' }, 'BAD_USER_INPUT'],
      ['an unknown field', '{ noSuchField }', {}, 'GRAPHQL_VALIDATION_FAILED'],
      ['a syntax error', '{ me { id }', {}, 'GRAPHQL_PARSE_FAILED'],
    ])('answers %s with a GraphQL error and a code', async (_what, query, variables, code) => {
      const result = await gql(query, variables);
      expect(result.errors?.map((e) => e.extensions?.code)).toEqual([code]);
      expect(result.errors![0].message.length).toBeGreaterThan(10);
      expectNoInternals(result);
    });

    it('answers a body that is not JSON with 400 and no stack', async () => {
      const response = await fetch(`${server.httpUrl}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query": ' });
      expect(response.status).toBe(400);
      const text = await response.text();
      expect(text).not.toMatch(STACK_FRAME);
      expect(text).not.toMatch(/node_modules|stack/i);
    });
  });

  describe('the server process', () => {
    let dir: string;
    const children: ChildProcess[] = [];

    beforeAll(() => {
      dir = mkdtempSync(join(tmpdir(), 'accord-errors-'));
    });
    afterAll(() => {
      for (const child of children) child.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    });

    /** Starts the server with `NODE_ENV`, founds a firm, then breaks a read-model table under it. */
    async function brokenServer(nodeEnv: string) {
      const path = join(dir, `${nodeEnv}.db`);
      const child = spawnApi({ ACCORD_EVENT_STORE: `sqlite:${path}`, PORT: '0', NODE_ENV: nodeEnv });
      children.push(child);
      const exited = untilExit(child, 60_000);
      const port = await listeningPort(child);
      const post = async (query: string, variables: Record<string, unknown> = {}, token?: string): Promise<Result> => {
        const response = await fetch(`http://127.0.0.1:${port}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
          body: JSON.stringify({ query, variables }),
        });
        return response.json() as never;
      };
      const created = (await post(CREATE_FIRM)).data!.createFirm;
      const db = new Database(path);
      try {
        db.exec('DROP TABLE checks');
      } finally {
        db.close();
      }
      return { child, exited, post, token: created.token as string, firmId: created.firm.id as string };
    }

    it('with NODE_ENV=production, answers a failing read as "internal error" and logs the cause on the server only', async () => {
      const { child, exited, post, token, firmId } = await brokenServer('production');
      const result = await post('query ($f: ID!) { checks(firmId: $f) { id } }', { f: firmId }, token);
      expect(result.errors).toEqual([expect.objectContaining({ message: 'internal error', extensions: { code: 'INTERNAL_SERVER_ERROR' } })]);
      expectNoInternals(result);
      expect(JSON.stringify(result)).not.toMatch(/no such table|sqlite/i);
      const refused = await post('query ($f: ID!) { auditLog(firmId: $f) { hasMore } }', { f: '00000000-0000-4000-8000-000000000000' }, token);
      expect(refused.errors?.map((e) => e.extensions)).toEqual([{ code: 'FORBIDDEN' }]);
      expectNoInternals(refused);
      child.kill('SIGTERM');
      const exit = await exited;
      expect(exit.stdout + exit.stderr).toMatch(/unexpected error at checks: .*no such table: checks/);
    });

    it('without production, tells the failure’s message but still no stack', async () => {
      const { child, exited, post, token, firmId } = await brokenServer('development');
      const result = await post('query ($f: ID!) { checks(firmId: $f) { id } }', { f: firmId }, token);
      expect(result.errors).toEqual([expect.objectContaining({ message: expect.stringMatching(/no such table: checks/), extensions: { code: 'INTERNAL_SERVER_ERROR' } })]);
      expectNoInternals(result);
      child.kill('SIGTERM');
      await exited;
    });
  });
});
