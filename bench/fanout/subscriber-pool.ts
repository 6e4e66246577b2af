import { performance } from 'node:perf_hooks';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';

const DRIFT_DETECTED = 'subscription ($f: ID!, $after: Int) { driftDetected(firmId: $f, afterPosition: $after) { id kind checkId detectedAt position } }';

interface DriftPayload {
  driftDetected: { id: string; kind: string; checkId: string | null; detectedAt: string; position: number };
}

/** One arrival at one subscriber: when the graphql-ws client handed it over (performance.now()). */
export interface Delivery {
  subscriber: number;
  at: number;
  kind: string;
  /** Server wall clock when the check closed (ms since epoch). */
  detectedAt: number;
}

/**
 * `count` graphql-ws clients (the `ws` library) in this process, each on its own socket with one
 * `driftDetected` subscription, recording when each drift arrives. Kept light on purpose: the sink
 * only stamps the time and counts, so the client side does not dominate the measured latency.
 */
export class SubscriberPool {
  private readonly clients: Client[] = [];
  private readonly byCheck = new Map<string, Delivery[]>();
  private readonly waiters = new Map<string, () => void>();
  /** Unexpected closes and subscription errors: any is a failure of the benchmark. */
  readonly problems: string[] = [];
  private disposing = false;

  constructor(
    private readonly wsUrl: string,
    private readonly firmId: string,
  ) {}

  get size(): number {
    return this.clients.length;
  }

  /**
   * Connects `count` subscribers (at most `inFlight` handshakes at once), subscriber i with
   * `tokens[i % tokens.length]`, each subscribed after `after`. Resolves once every socket is
   * acknowledged (connection_ack); the subscribe message follows the ack at once.
   */
  async connect(count: number, tokens: readonly string[], after: number, inFlight: number, onProgress?: (done: number) => void): Promise<void> {
    let next = 0;
    let done = 0;
    const worker = async () => {
      while (next < count) {
        const index = next++;
        await this.connectOne(index, tokens[index % tokens.length], after);
        onProgress?.(++done);
      }
    };
    await Promise.all(Array.from({ length: Math.min(inFlight, count) }, worker));
  }

  /** Resolves when every subscriber has received the drift of `checkId`; rejects after `timeoutMs`. */
  allReceived(checkId: string, timeoutMs: number): Promise<Delivery[]> {
    const deliveries = this.deliveriesOf(checkId);
    if (deliveries.length >= this.size) return Promise.resolve(deliveries);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.delete(checkId);
        reject(new Error(`only ${deliveries.length} of ${this.size} subscribers received the drift of check ${checkId} within ${timeoutMs} ms; problems: ${this.problems.slice(0, 3).join('; ') || 'none'}`));
      }, timeoutMs);
      this.waiters.set(checkId, () => {
        clearTimeout(timer);
        this.waiters.delete(checkId);
        resolve(deliveries);
      });
    });
  }

  /** What arrived so far of the drift of `checkId`. */
  received(checkId: string): Delivery[] {
    return [...this.deliveriesOf(checkId)];
  }

  async dispose(): Promise<void> {
    this.disposing = true;
    await Promise.all(this.clients.map((client) => client.dispose()));
  }

  private connectOne(index: number, token: string, after: number): Promise<void> {
    return new Promise((resolve, reject) => {
      let acknowledged = false;
      const client = createClient({
        url: this.wsUrl,
        webSocketImpl: WebSocket,
        connectionParams: { authorization: `Bearer ${token}` },
        lazy: true,
        retryAttempts: 0,
        on: {
          connected: () => {
            acknowledged = true;
            resolve();
          },
          closed: (event) => {
            if (this.disposing) return;
            const code = (event as { code?: number }).code;
            this.problems.push(`subscriber ${index} closed (${code})`);
            if (!acknowledged) reject(new Error(`subscriber ${index} closed (${code}) before connection_ack`));
          },
        },
      });
      this.clients.push(client);
      client.subscribe<DriftPayload>(
        { query: DRIFT_DETECTED, variables: { f: this.firmId, after } },
        {
          next: (result) => {
            const at = performance.now();
            const drift = result.data?.driftDetected;
            if (!drift?.checkId) {
              this.problems.push(`subscriber ${index}: ${JSON.stringify(result.errors ?? result)}`);
              return;
            }
            this.record(drift.checkId, { subscriber: index, at, kind: drift.kind, detectedAt: Date.parse(drift.detectedAt) });
          },
          error: (error) => {
            if (!this.disposing) this.problems.push(`subscriber ${index} error: ${JSON.stringify(error)}`);
          },
          complete: () => {
            if (!this.disposing) this.problems.push(`subscriber ${index} completed`);
          },
        },
      );
    });
  }

  private deliveriesOf(checkId: string): Delivery[] {
    let deliveries = this.byCheck.get(checkId);
    if (!deliveries) {
      deliveries = [];
      this.byCheck.set(checkId, deliveries);
    }
    return deliveries;
  }

  private record(checkId: string, delivery: Delivery): void {
    const deliveries = this.deliveriesOf(checkId);
    deliveries.push(delivery);
    if (deliveries.length >= this.size) this.waiters.get(checkId)?.();
  }
}
