import { EventEmitter } from 'node:events';
import type { FirmsQueries } from '@accord/firms';
import { SignedInSockets, TOKEN_GONE_CLOSE_CODE, type ClosableSocket } from './signed-in-sockets';

class FakeSocket extends EventEmitter implements ClosableSocket {
  readyState = 1;
  closedWith: number | null = null;
  close(code: number): void {
    this.closedWith = code;
    this.readyState = 3;
    this.emit('close');
  }
  terminate(): void {
    this.readyState = 3;
  }
}

/** A members read model holding `held`, counting its reads; `gate` holds a read back until released. */
function directory(held: Set<string>, roles: Record<string, string> = {}) {
  const reads: string[][] = [];
  let release: (() => void) | null = null;
  const members = {
    async rolesOfTokenHashes(hashes: Iterable<string>) {
      const asked = [...hashes];
      reads.push(asked);
      if (release === null && gate.closed) await new Promise<void>((resolve) => (release = resolve));
      return new Map(asked.filter((hash) => held.has(hash)).map((hash) => [hash, roles[hash] ?? 'PARTNER']));
    },
  } as unknown as FirmsQueries;
  const gate = { closed: false, open: () => release?.() };
  return { members, reads, gate };
}

describe('signed-in sockets', () => {
  let sockets: SignedInSockets;
  afterEach(() => sockets.beforeApplicationShutdown());

  it('closes with 4403 the sockets whose token no member holds, in one read for all', async () => {
    const { members, reads } = directory(new Set(['kept']));
    sockets = new SignedInSockets(members);
    const kept = [new FakeSocket(), new FakeSocket()];
    const gone = [new FakeSocket(), new FakeSocket()];
    for (const socket of kept) sockets.watch(socket, 'kept', 'PARTNER');
    for (const socket of gone) sockets.watch(socket, 'gone', 'PARTNER');
    await sockets.check();
    expect(reads).toEqual([['kept', 'gone']]);
    expect(gone.map((s) => s.closedWith)).toEqual([TOKEN_GONE_CLOSE_CODE, TOKEN_GONE_CLOSE_CODE]);
    expect(kept.map((s) => s.closedWith)).toEqual([null, null]);
    expect(sockets.size).toBe(2);
  });

  it('closes a socket whose member now holds the token with another role', async () => {
    const { members } = directory(new Set(['demoted', 'same']), { demoted: 'VIEWER', same: 'PARTNER' });
    sockets = new SignedInSockets(members);
    const [demoted, same] = [new FakeSocket(), new FakeSocket()];
    sockets.watch(demoted, 'demoted', 'PARTNER');
    sockets.watch(same, 'same', 'PARTNER');
    await sockets.check();
    expect([demoted.closedWith, same.closedWith]).toEqual([TOKEN_GONE_CLOSE_CODE, null]);
  });

  it('forgets a socket once it closes, and reads nothing when none is left', async () => {
    const { members, reads } = directory(new Set());
    sockets = new SignedInSockets(members);
    const socket = new FakeSocket();
    sockets.watch(socket, 'h', 'PARTNER');
    socket.close(1000);
    expect(sockets.size).toBe(0);
    await sockets.check();
    expect(reads).toEqual([]);
  });

  it('does not watch a socket that closed while it signed in', () => {
    sockets = new SignedInSockets(directory(new Set()).members);
    const socket = new FakeSocket();
    socket.readyState = 3;
    sockets.watch(socket, 'h', 'PARTNER');
    expect(sockets.size).toBe(0);
  });

  it('leaves alone a socket that signed in while a check was reading', async () => {
    const { members, gate } = directory(new Set());
    sockets = new SignedInSockets(members);
    const early = new FakeSocket();
    sockets.watch(early, 'gone', 'PARTNER');
    gate.closed = true;
    const checking = sockets.check();
    const late = new FakeSocket();
    sockets.watch(late, 'fresh', 'PARTNER');
    gate.open();
    await checking;
    expect([early.closedWith, late.closedWith]).toEqual([TOKEN_GONE_CLOSE_CODE, null]);
  });

  it('keeps every socket open when the read model cannot be read', async () => {
    const members = { rolesOfTokenHashes: () => Promise.reject(new Error('read store closed')) } as unknown as FirmsQueries;
    sockets = new SignedInSockets(members);
    const socket = new FakeSocket();
    sockets.watch(socket, 'h', 'PARTNER');
    await sockets.check();
    expect(socket.closedWith).toBeNull();
  });
});
