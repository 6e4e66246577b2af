import { StoreBusyError } from './errors';
import { AsyncLock } from './async-lock';

describe('AsyncLock', () => {
  it('runs work one at a time, in arrival order', async () => {
    const lock = new AsyncLock();
    const log: string[] = [];
    const task = (name: string, ms: number) =>
      lock.run(async () => {
        log.push(`${name} start`);
        await new Promise((r) => setTimeout(r, ms));
        log.push(`${name} end`);
      });
    await Promise.all([task('a', 30), task('b', 1), task('c', 1)]);
    expect(log).toEqual(['a start', 'a end', 'b start', 'b end', 'c start', 'c end']);
  });

  it('gives up waiting after its timeout, naming what holds it, and keeps working', async () => {
    const lock = new AsyncLock(50);
    let release!: () => void;
    const holding = lock.run(() => new Promise<void>((r) => (release = r)), 'a batch of projection p');
    const waiting = lock.run(() => 'never');
    await expect(waiting).rejects.toEqual(new StoreBusyError('a batch of projection p', 50));
    release();
    await holding;
    await expect(lock.run(() => 'next')).resolves.toBe('next');
  });

  it('waits as long as it takes when the timeout is infinite', async () => {
    const lock = new AsyncLock(Number.POSITIVE_INFINITY);
    const first = lock.run(() => new Promise((r) => setTimeout(r, 60)));
    await expect(lock.run(() => 'second')).resolves.toBe('second');
    await first;
  });
});
