import { EventStoreConfigError } from './errors';
import { openEventStore, parseEventStoreUrl, parseSynchronous } from './open-event-store';
import { SqliteEventStore } from './sqlite/sqlite-event-store';

function configError(fn: () => unknown): EventStoreConfigError {
  try {
    fn();
  } catch (error) {
    if (error instanceof EventStoreConfigError) return error;
    throw error;
  }
  throw new Error('expected a configuration error');
}

describe('parseEventStoreUrl', () => {
  it.each([
    ['sqlite:./data/accord.db', { kind: 'sqlite', path: './data/accord.db' }],
    ['sqlite::memory:', { kind: 'sqlite', path: ':memory:' }],
    ['sqlite:///var/lib/accord.db', { kind: 'sqlite', path: '/var/lib/accord.db' }],
    ['postgres://postgres@127.0.0.1/test', { kind: 'postgres', url: 'postgres://postgres@127.0.0.1/test' }],
    ['esdb://localhost:2113?tls=false', { kind: 'esdb', url: 'esdb://localhost:2113?tls=false' }],
  ])('reads %s', (url, location) => {
    expect(parseEventStoreUrl(url)).toEqual(location);
  });

  it.each([
    ['mysql://x', 'ACCORD_EVENT_STORE: unknown scheme "mysql:"; use sqlite:<path>, sqlite::memory:, postgres://… or esdb://…'],
    ['accord.db', 'ACCORD_EVENT_STORE: "accord.db" is not a store URL; use sqlite:<path>, sqlite::memory:, postgres://… or esdb://…'],
    ['sqlite:', 'ACCORD_EVENT_STORE: "sqlite:" needs a file path or ":memory:" (e.g. sqlite:./data/accord.db)'],
  ])('refuses %s naming the variable', (url, message) => {
    const error = configError(() => parseEventStoreUrl(url));
    expect(error.variable).toBe('ACCORD_EVENT_STORE');
    expect(error.message).toBe(message);
  });
});

describe('parseSynchronous', () => {
  it('defaults to FULL and accepts any case', () => {
    expect(parseSynchronous(undefined)).toBe('FULL');
    expect(parseSynchronous('normal')).toBe('NORMAL');
  });
  it('refuses other values naming the variable', () => {
    expect(configError(() => parseSynchronous('fast')).message).toBe('ACCORD_SQLITE_SYNCHRONOUS: "fast" is not one of OFF, NORMAL, FULL, EXTRA');
  });
});

describe('openEventStore', () => {
  it('opens sqlite::memory:', async () => {
    const store = await openEventStore('sqlite::memory:');
    expect(store).toBeInstanceOf(SqliteEventStore);
    expect(await store.headPosition()).toBe(0);
    await store.close();
  });

  it.each([
    ['a path below a regular file', 'sqlite:/etc/hostname/accord.db'],
    ['a path in /proc', 'sqlite:/proc/accord/accord.db'],
  ])('refuses %s with one line naming the variable', async (_, url) => {
    const error = await rejectedConfigError(openEventStore(url));
    expect(error.variable).toBe('ACCORD_EVENT_STORE');
    expect(error.message).toMatch(/^ACCORD_EVENT_STORE: cannot (create the directory of|open) \/.+$/);
    expect(error.message).not.toContain('\n');
  });

  it('refuses a PostgreSQL server it cannot reach with one line naming the variable and the URL without its password', async () => {
    const error = await rejectedConfigError(openEventStore('postgres://accord:secret@127.0.0.1:1/accord'));
    expect(error.variable).toBe('ACCORD_EVENT_STORE');
    expect(error.message).toMatch(/^ACCORD_EVENT_STORE: cannot use PostgreSQL at postgres:\/\/accord:\*\*\*@127\.0\.0\.1:1\/accord \(.*ECONNREFUSED.*\)$/);
  });

  it('refuses a schema name that is not a plain identifier', async () => {
    const error = await rejectedConfigError(openEventStore('postgres://x/y?schema=Drop;Table'));
    expect(error.message).toBe('ACCORD_EVENT_STORE: schema "Drop;Table" must be a lower-case SQL identifier (letters, digits, _)');
  });
});

async function rejectedConfigError(promise: Promise<unknown>): Promise<EventStoreConfigError> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(EventStoreConfigError);
  return error as EventStoreConfigError;
}
