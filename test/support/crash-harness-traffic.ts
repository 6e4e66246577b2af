import type { Ack, Ledger } from './crash-harness-ledger';

export interface GraphqlReply<Data = any> {
  data?: Data;
  errors?: Array<{ message: string; path?: Array<string | number>; extensions?: { code?: string } }>;
}

/** How a mutation ended: acknowledged, refused by the server, or lost with the connection (its fate unknown). */
export type Outcome<Data> = { kind: 'ack'; data: Data } | { kind: 'rejected'; code: string; message: string } | { kind: 'lost' };

/** Thrown to a client when the run has sent every mutation it was asked to. */
export class BudgetSpent extends Error {
  constructor() {
    super('every mutation of the run was sent');
  }
}

const REQUEST_TIMEOUT_MS = 60_000;

/**
 * The clients' only way to the server: it counts what was sent, acknowledged, refused and lost,
 * records acknowledged mutations in the ledger, holds clients back (the gate) while the server is
 * down or being checked, and lets the harness wait for the requests in flight when it kills.
 */
export class Traffic {
  sent = 0;
  acknowledged = 0;
  lost = 0;
  readonly rejected: Record<string, number> = {};
  /** What should not happen while the server is up (refusals the workload does not cause, failed connections): the first few. */
  readonly unexpected: string[] = [];
  unexpectedCount = 0;
  round = 0;
  /** Set by the harness from just before a kill until the server is back: only then may a connection fail. */
  killing = false;
  /** Called after each mutation is sent, with the count so far (the kill schedule listens here). */
  onSent: (sent: number) => void = () => undefined;
  private url = '';
  private stopped = false;
  private openedAt: number | null = null;
  private openMsBefore = 0;
  private readonly inFlight = new Set<Promise<unknown>>();
  private gate: { opened: Promise<void>; open: () => void } | null = null;

  constructor(
    private readonly budget: number,
    private readonly ledger: Ledger,
  ) {
    this.close();
  }

  get spent(): boolean {
    return this.stopped || this.sent >= this.budget;
  }

  /** Sends nothing more: every client stops at its next mutation (the harness failed). */
  stop(): void {
    this.stopped = true;
  }

  get inFlightCount(): number {
    return this.inFlight.size;
  }

  /** How long clients were let through: the time mutations were flowing, without restarts and checks. */
  get openMs(): number {
    return this.openMsBefore + (this.openedAt === null ? 0 : Date.now() - this.openedAt);
  }

  /** Lets clients send to the server at `url`. */
  open(url: string): void {
    this.url = url;
    this.openedAt ??= Date.now();
    const gate = this.gate;
    this.gate = null;
    gate?.open();
  }

  /** Holds back every mutation not sent yet. */
  close(): void {
    if (this.gate) return;
    if (this.openedAt !== null) this.openMsBefore += Date.now() - this.openedAt;
    this.openedAt = null;
    let open!: () => void;
    const opened = new Promise<void>((resolve) => (open = resolve));
    this.gate = { opened, open };
  }

  /** Resolves once every request in flight has ended (after a kill: failed). */
  async drain(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  /**
   * Sends a mutation once the gate is open. `acks` names what an acknowledgement proves (recorded in
   * the ledger at once); `expected` lists refusal codes the workload can cause on purpose.
   */
  async mutate<Data = any>(
    operation: string,
    query: string,
    variables: Record<string, unknown>,
    token: string | undefined,
    acks: (data: Data) => Ack[],
    expected: readonly string[] = [],
  ): Promise<Outcome<Data>> {
    while (this.gate) await this.gate.opened;
    if (this.spent) throw new BudgetSpent();
    this.sent++;
    const round = this.round;
    const request = this.post<Data>(query, variables, token);
    this.track(request);
    this.onSent(this.sent);
    let reply: GraphqlReply<Data>;
    try {
      reply = await request;
    } catch (error) {
      this.lost++;
      if (!this.killing) this.note(`${operation}: the connection failed while the server was up (${(error as Error).message})`);
      return { kind: 'lost' };
    }
    const error = reply.errors?.[0];
    if (error || !reply.data) {
      const code = error?.extensions?.code ?? 'NO_CODE';
      this.rejected[code] = (this.rejected[code] ?? 0) + 1;
      if (!expected.includes(code)) this.note(`${operation} ${JSON.stringify(variables)}: ${code} ${error?.message ?? 'no data'}`);
      return { kind: 'rejected', code, message: error?.message ?? '' };
    }
    this.acknowledged++;
    for (const ack of acks(reply.data)) this.ledger.record(ack, round);
    return { kind: 'ack', data: reply.data };
  }

  /** Records something the workload found wrong in a reply. */
  note(problem: string): void {
    this.unexpectedCount++;
    if (this.unexpected.length < 20) this.unexpected.push(problem);
  }

  /** A read, outside the mutation count; null when the server went away. */
  async query<Data = any>(query: string, variables: Record<string, unknown>, token: string): Promise<GraphqlReply<Data> | null> {
    while (this.gate) await this.gate.opened;
    const request = this.post<Data>(query, variables, token);
    this.track(request);
    try {
      return await request;
    } catch {
      return null;
    }
  }

  private track(request: Promise<unknown>): void {
    const settled = request.then(
      () => undefined,
      () => undefined,
    );
    this.inFlight.add(settled);
    void settled.then(() => this.inFlight.delete(settled));
  }

  private async post<Data>(query: string, variables: Record<string, unknown>, token: string | undefined): Promise<GraphqlReply<Data>> {
    return postGraphqlTo<Data>(this.url, query, variables, token);
  }
}

/** POSTs one GraphQL operation; rejects when the connection fails or the reply is not JSON. */
export async function postGraphqlTo<Data = any>(url: string, query: string, variables: Record<string, unknown>, token?: string): Promise<GraphqlReply<Data>> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
  });
  return (await response.json()) as GraphqlReply<Data>;
}
