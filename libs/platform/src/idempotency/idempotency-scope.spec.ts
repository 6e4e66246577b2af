import { setTimeout as sleep } from 'node:timers/promises';
import { IdempotencyScope } from './idempotency-scope';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('IdempotencyScope', () => {
  it('mints the same ids, in the same order, on every attempt of a request', () => {
    const mint = (scope: IdempotencyScope) => [scope.newId('check'), scope.newId('check'), scope.newId('decision'), scope.nextStep().eventId(0), scope.nextStep().eventId(1)];
    const first = mint(new IdempotencyScope('seed-1'));
    expect(mint(new IdempotencyScope('seed-1'))).toEqual(first);
    for (const id of first) expect(id).toMatch(UUID);
    expect(new Set(first).size).toBe(first.length);
  });

  it('mints other ids for another request', () => {
    expect(new IdempotencyScope('seed-2').newId('check')).not.toBe(new IdempotencyScope('seed-1').newId('check'));
    expect(new IdempotencyScope('seed-2').nextStep().eventId(0)).not.toBe(new IdempotencyScope('seed-1').nextStep().eventId(0));
  });

  it('is current in everything the function it runs awaits, and nowhere else', async () => {
    const scope = new IdempotencyScope('seed-1');
    expect(IdempotencyScope.current()).toBeUndefined();
    const seen = await scope.run(async () => {
      await sleep(1);
      return IdempotencyScope.current();
    });
    expect(seen).toBe(scope);
    expect(IdempotencyScope.current()).toBeUndefined();
  });
});
