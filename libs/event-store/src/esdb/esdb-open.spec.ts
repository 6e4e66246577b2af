import { createServer } from 'node:net';
import { EventStoreConfigError } from '../errors';
import { EsdbEventStore } from './esdb-event-store';
import { parseEsdbUrl, redactEsdbUrl } from './esdb-url';

/** A local port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('opening an EventStoreDB store', () => {
  it("takes Accord's streamPrefix parameter out of the URL and leaves the rest to the client", () => {
    expect(parseEsdbUrl('esdb://localhost:2113?tls=false')).toEqual({ connectionString: 'esdb://localhost:2113?tls=false', streamPrefix: undefined });
    expect(parseEsdbUrl('esdb://localhost:2113?tls=false&streamPrefix=acc%3A&nodePreference=leader')).toEqual({
      connectionString: 'esdb://localhost:2113?tls=false&nodePreference=leader',
      streamPrefix: 'acc:',
    });
    expect(parseEsdbUrl(' esdb://a:2113,b:2113?StreamPrefix=x- ')).toEqual({ connectionString: 'esdb://a:2113,b:2113', streamPrefix: 'x-' });
  });

  it('hides the password in messages', () => {
    expect(redactEsdbUrl('esdb://admin:changeit@localhost:2113?tls=false')).toBe('esdb://admin:***@localhost:2113?tls=false');
    expect(redactEsdbUrl('esdb://localhost:2113')).toBe('esdb://localhost:2113');
  });

  it('refuses a connection string the client cannot parse, or a prefix naming system streams, as a configuration error', async () => {
    const unparsable = await EsdbEventStore.open('esdb://localhost:2113?tls=maybe').catch((e: unknown) => e);
    expect(unparsable).toBeInstanceOf(EventStoreConfigError);
    expect(unparsable).toMatchObject({ variable: 'ACCORD_EVENT_STORE', message: expect.stringContaining('true or false') });
    const system = await EsdbEventStore.open('esdb://localhost:2113?tls=false&streamPrefix=$x', { variable: 'X' }).catch((e: unknown) => e);
    expect(system).toBeInstanceOf(EventStoreConfigError);
    expect(system).toMatchObject({ variable: 'X', message: expect.stringContaining('system streams') });
  });

  it('fails at once when no server answers, naming the URL without its password', async () => {
    const url = `esdb://admin:changeit@127.0.0.1:${await closedPort()}?tls=false`;
    const started = Date.now();
    const error = (await EsdbEventStore.open(url).catch((e: unknown) => e)) as Error;
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(error.message).toContain(`cannot read $all from EventStoreDB at ${redactEsdbUrl(url)}`);
    expect(error.message).not.toContain('changeit');
  });
});
