import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';

/** A GraphQL result as parsed from the response body. */
export interface GraphqlBody {
  data?: any;
  errors?: Array<{ message: string; extensions?: Record<string, any> }>;
}

/** One HTTP exchange, with the body exactly as it came. */
export interface Sent {
  status: number;
  text: string;
  replayed: boolean;
  body: GraphqlBody;
}

export interface Mutation {
  query: string;
  variables: Record<string, unknown>;
  token?: string;
}

/** POSTs `mutation` to `<url>/graphql`, with an Idempotency-Key header when `key` is given. */
export async function send(url: string, mutation: Mutation, key?: string): Promise<Sent> {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(mutation.token ? { authorization: `Bearer ${mutation.token}` } : {}),
      ...(key !== undefined ? { 'idempotency-key': key } : {}),
    },
    body: JSON.stringify({ query: mutation.query, variables: mutation.variables }),
  });
  const text = await response.text();
  return { status: response.status, text, replayed: response.headers.get('idempotent-replayed') === 'true', body: JSON.parse(text) };
}

/** Sends a mutation and returns its result; the story decides what it expects of it. */
export type Perform = (mutation: Mutation) => Promise<GraphqlBody>;

/** Sends each mutation once, without a key: the reference a keyed, retried run must match. */
export const once =
  (url: string): Perform =>
  async (mutation) =>
    (await send(url, mutation)).body;

/** A keyed mutation, its first response, and every retry's. */
export interface Keyed {
  key: string;
  mutation: Mutation;
  first: Sent;
  retries: Sent[];
}

/**
 * Sends every mutation with a fresh key, then retries it: one retry at once, concurrent with the first
 * request, and `later` more once both have answered, all at the same time. Attempts go to the
 * instances in turn. Records everything in `sent`; the story carries on with the first response.
 */
export class RetryingClient {
  readonly sent: Keyed[] = [];
  private next = 0;

  constructor(
    /** Where attempts go, in turn; replace it after a restart. */
    public urls: string[],
    private readonly later = 3,
  ) {}

  readonly perform: Perform = async (mutation) => {
    const key = randomUUID();
    const [first, concurrent] = await Promise.all([send(this.url(), mutation, key), sleep(Math.random() * 3).then(() => send(this.url(), mutation, key))]);
    const afterwards = await Promise.all(Array.from({ length: this.later }, () => send(this.url(), mutation, key)));
    this.sent.push({ key, mutation, first, retries: [concurrent, ...afterwards] });
    return first.body;
  };

  /** Sends every recorded mutation again with its key; returns those whose response is not the first, byte for byte, or not marked replayed. */
  async resendAll(concurrency = 16): Promise<string[]> {
    const differing: string[] = [];
    const queue = [...this.sent];
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        for (let keyed = queue.shift(); keyed; keyed = queue.shift()) {
          const again = await send(this.url(), keyed.mutation, keyed.key);
          if (again.text !== keyed.first.text || again.status !== keyed.first.status || !again.replayed) differing.push(describeDifference(keyed, again));
        }
      }),
    );
    return differing;
  }

  private url(): string {
    return this.urls[this.next++ % this.urls.length];
  }
}

export function describeDifference(keyed: Keyed, other: Sent): string {
  return `${keyed.mutation.query.slice(0, 60)}… key ${keyed.key}: first ${keyed.first.status} ${keyed.first.text.trim()} / then ${other.status}${other.replayed ? ' (replayed)' : ''} ${other.text.trim()}`;
}

const DISAGREEMENT = 'id topic layer status positions { member { id } text } deferrals';
const DECISION = 'id title status resolves { id status } endorsements { member { id } }';
const CHECK = 'id status participants { id } answeredBy { id } questions { key judgement answers { text member { id } } } score verdict';

const ANSWERS: Record<string, [string, string]> = {
  client_outcome: ['Regulatory fines and missed filing deadlines', 'Regulatory fines and late filings'],
  optimizing_for: ['Partner profit per billed hour', 'Number of new retained clients'],
  refuse_to_do: ['Contingency fee litigation', 'Contingency fee litigation'],
};

/**
 * One firm's life in 21 mutations, every kind the API has: founded, two members added, a check
 * opened, answered (one vague answer refused), revealed by the last answer, judged and closed;
 * disagreements raised and one deferred; a decision proposed and endorsed until it locks. The firm
 * is named after `n`. Throws when a step does not go as the story expects.
 */
export async function firmStory(perform: Perform, n: number): Promise<void> {
  const created = ok(await perform({ query: 'mutation($i: CreateFirmInput!) { createFirm(input: $i) { token firm { id name } member { id name } } }', variables: { i: { name: `Firm ${n}`, kind: 'LAW', founderName: 'Ann' } } })).createFirm;
  const firmId: string = created.firm.id;
  const ann = { id: created.member.id as string, token: created.token as string };
  const add = async (name: string, role: string) => {
    const added = ok(await perform({ query: 'mutation($f: ID!, $i: AddMemberInput!) { addMember(firmId: $f, input: $i) { token member { id name role } } }', variables: { f: firmId, i: { name, role } }, token: ann.token })).addMember;
    return { id: added.member.id as string, token: added.token as string };
  };
  const bob = await add('Bob', 'PARTNER');
  const fay = await add('Fay', 'FACILITATOR');

  const check = ok(await perform({ query: `mutation($f: ID!) { openCheck(firmId: $f) { ${CHECK} } }`, variables: { f: firmId }, token: fay.token })).openCheck;
  const raise = async (topic: string) =>
    ok(await perform({
      query: `mutation($f: ID!, $i: RaiseDisagreementInput!) { raiseDisagreement(firmId: $f, input: $i) { ${DISAGREEMENT} } }`,
      variables: { f: firmId, i: { topic, layer: 'VISION', positions: [{ memberId: ann.id, text: 'Never' }, { memberId: bob.id, text: 'Only for existing clients' }] } },
      token: fay.token,
    })).raiseDisagreement;
  const litigation = await raise('Do we take litigation work?');
  const offices = await raise('Do we open a second office?');

  const submit = (who: { token: string }, questionKey: string, text: string) =>
    perform({ query: 'mutation($c: ID!, $q: String!, $t: String!) { submitAnswer(checkId: $c, questionKey: $q, text: $t) { questionKey text vagueTerms member { id } } }', variables: { c: check.id, q: questionKey, t: text }, token: who.token });
  expectCode(await submit(ann, 'client_outcome', 'Excellence and quality'), 'VAGUE_ANSWER');
  for (const [questionKey, [annText, bobText]] of Object.entries(ANSWERS)) {
    ok(await submit(ann, questionKey, annText));
    ok(await submit(bob, questionKey, bobText));
  }
  const judge = (questionKey: string, judgement: string) =>
    perform({ query: `mutation($c: ID!, $q: String!, $j: Judgement!) { judgeQuestion(checkId: $c, questionKey: $q, judgement: $j) { ${CHECK} } }`, variables: { c: check.id, q: questionKey, j: judgement }, token: fay.token });
  ok(await judge('client_outcome', 'MATCH'));
  ok(await judge('optimizing_for', 'MISMATCH'));
  ok(await judge('refuse_to_do', 'MATCH'));
  const closed = ok(await perform({ query: `mutation($c: ID!) { closeCheck(checkId: $c) { ${CHECK} } }`, variables: { c: check.id }, token: fay.token })).closeCheck;
  if (closed.status !== 'CLOSED') throw new Error(`check ${check.id} is ${closed.status} after closeCheck`);

  ok(await perform({ query: `mutation($d: ID!, $r: String!) { deferDisagreement(disagreementId: $d, reason: $r) { ${DISAGREEMENT} } }`, variables: { d: offices.id, r: 'After the lease renewal in March' }, token: fay.token }));
  const proposed = ok(await perform({
    query: `mutation($f: ID!, $i: ProposeDecisionInput!) { proposeDecision(firmId: $f, input: $i) { ${DECISION} } }`,
    variables: {
      f: firmId,
      i: { title: 'No litigation', outcome: 'Focus on advisory work', chosenAnswer: 'Never', alternatives: ['Only for existing clients'], rationale: 'Litigation ties up partners for years', layer: 'VISION', resolves: [litigation.id] },
    },
    token: ann.token,
  })).proposeDecision;
  const endorse = (who: { token: string }) => perform({ query: `mutation($d: ID!) { endorseDecision(decisionId: $d) { ${DECISION} } }`, variables: { d: proposed.id }, token: who.token });
  ok(await endorse(ann));
  const locked = ok(await endorse(bob)).endorseDecision;
  if (locked.status !== 'LOCKED') throw new Error(`decision ${proposed.id} is ${locked.status} after both partners endorsed it`);
}

/** Mutations one {@link firmStory} sends. */
export const STORY_MUTATIONS = 21;

function ok(body: GraphqlBody): any {
  if (body.errors) throw new Error(`unexpected errors: ${JSON.stringify(body.errors)}`);
  return body.data;
}

function expectCode(body: GraphqlBody, code: string): void {
  const got = body.errors?.[0]?.extensions?.code;
  if (got !== code) throw new Error(`expected ${code}, got ${JSON.stringify(body)}`);
}
