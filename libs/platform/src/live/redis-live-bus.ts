import { Logger as NestLogger } from '@nestjs/common';
import { Redis, type RedisOptions } from 'ioredis';
import type { Logger } from '@accord/projections';
import type { LiveBus, LiveMessage } from './live-bus';

export interface RedisLiveBusOptions {
  /** Default `accord:live`. */
  channel?: string;
  /** Names the two connections `<name>:pub` and `<name>:sub` in CLIENT LIST. Default `accord-live`. */
  connectionName?: string;
  /** How long `open` waits for Redis before it gives up. Default 10 s. */
  connectTimeoutMs?: number;
  logger?: Logger;
  /** Passed to both ioredis connections. */
  redis?: RedisOptions;
}

/**
 * The bus across API instances: JSON messages on a Redis channel, one connection publishing and one
 * subscribed. ioredis reconnects and resubscribes by itself; messages published meanwhile are lost,
 * which receivers notice from `after` and fill from the store.
 */
export class RedisLiveBus implements LiveBus {
  readonly channel: string;
  private readonly publisher: Redis;
  private readonly subscriber: Redis;
  private readonly listeners = new Set<(message: LiveMessage) => void>();
  private readonly logger: Logger;

  /** Connects both connections and resolves once the channel subscription is active. */
  static async open(url: string, options: RedisLiveBusOptions = {}): Promise<RedisLiveBus> {
    const bus = new RedisLiveBus(url, options);
    const timeoutMs = options.connectTimeoutMs ?? 10_000;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`Redis at ${redactUrl(url)} not reachable within ${timeoutMs} ms`)), timeoutMs);
    });
    try {
      await Promise.race([Promise.all([bus.subscriber.subscribe(bus.channel), ready(bus.publisher)]), timeout]);
    } catch (error) {
      await bus.close();
      throw error;
    } finally {
      clearTimeout(timer);
    }
    return bus;
  }

  private constructor(url: string, options: RedisLiveBusOptions) {
    this.channel = options.channel ?? 'accord:live';
    this.logger = options.logger ?? new NestLogger('LiveBus');
    const name = options.connectionName ?? 'accord-live';
    // Publishing fails at once while disconnected instead of queueing: a late message is worth no more than a lost one.
    this.publisher = new Redis(url, { ...options.redis, connectionName: `${name}:pub`, enableOfflineQueue: false });
    this.subscriber = new Redis(url, { ...options.redis, connectionName: `${name}:sub`, autoResubscribe: true });
    this.watch(this.publisher, 'publishing');
    this.watch(this.subscriber, 'subscriber');
    this.subscriber.on('message', (channel: string, text: string) => {
      if (channel === this.channel) this.receive(text);
    });
  }

  async publish(message: LiveMessage): Promise<void> {
    await this.publisher.publish(this.channel, JSON.stringify(message));
  }

  subscribe(listener: (message: LiveMessage) => void): () => void {
    const entry = (message: LiveMessage) => listener(message);
    this.listeners.add(entry);
    return () => this.listeners.delete(entry);
  }

  async close(): Promise<void> {
    this.listeners.clear();
    await Promise.all([disconnect(this.publisher), disconnect(this.subscriber)]);
  }

  private receive(text: string): void {
    let message: LiveMessage;
    try {
      message = JSON.parse(text) as LiveMessage;
      if (typeof message.after !== 'number' || !Array.isArray(message.events)) throw new Error('not a live message');
    } catch (error) {
      this.logger.warn(`ignored a message on ${this.channel}: ${error instanceof Error ? error.message : String(error)}`);
      return;
    }
    for (const listener of [...this.listeners]) listener(message);
  }

  /** Logs the first error of an outage and the recovery, not every failed reconnect attempt. */
  private watch(connection: Redis, role: string): void {
    let down = false;
    connection.on('error', (error: Error) => {
      if (down) return;
      down = true;
      this.logger.warn(`Redis ${role} connection: ${error.message}; reconnecting`);
    });
    connection.on('ready', () => {
      if (!down) return;
      down = false;
      this.logger.log(`Redis ${role} connection restored`);
    });
  }
}

function ready(connection: Redis): Promise<void> {
  if (connection.status === 'ready') return Promise.resolve();
  return new Promise((resolve) => connection.once('ready', () => resolve()));
}

function disconnect(connection: Redis): Promise<void> {
  if (connection.status === 'end') return Promise.resolve();
  if (connection.status === 'reconnecting') {
    // No socket, only the reconnect timer, which disconnect() clears; ioredis emits no 'end' from here.
    connection.disconnect();
    return Promise.resolve();
  }
  return new Promise((resolve) => {
    connection.once('end', () => resolve());
    connection.disconnect();
  });
}

function redactUrl(url: string): string {
  return url.replace(/\/\/[^@/]*@/, '//***@');
}
