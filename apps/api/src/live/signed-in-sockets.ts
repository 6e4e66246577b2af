import { Injectable, Logger, type BeforeApplicationShutdown } from '@nestjs/common';
import { FirmsQueries } from '@accord/firms';
import type { Role } from '@accord/domain';
import { bearerToken, hashToken, wsAuthorization, type AuthenticatedMember } from '@accord/platform';

/** What of a `ws` socket closing one needs. */
export interface ClosableSocket {
  readonly readyState: number;
  close(code: number, reason: string): void;
  terminate(): void;
  once(event: 'close', listener: () => void): unknown;
}

/** How often the tokens of open sockets are checked against the members read model. */
export const SOCKET_TOKEN_CHECK_MS = 1000;
/** A client that does not answer the close handshake is cut off after this long. */
const CLOSE_GRACE_MS = 2000;
const OPEN = 1;
const CLOSED = 3;
export const TOKEN_GONE_CLOSE_CODE = 4403;
export const TOKEN_GONE_REASON = 'Forbidden: the token was rotated or revoked, its member left the firm, or their role changed';

/**
 * The open graphql-ws sockets signed in with a token, by the token's hash and the role it signed in
 * with. A socket's member is resolved once, when it connects; so that a member who leaves, whose token
 * is rotated or revoked, or whose role changes (a demoted partner must not keep acting as one over an
 * open socket) does not keep it, the distinct hashes are looked up in the members read model every
 * second (one read for every socket) and the sockets whose token no member holds any more, or holds
 * with another role, are closed with 4403 (the client reconnects with its new rights). The read model
 * is shared, so this holds for every API instance.
 */
@Injectable()
export class SignedInSockets implements BeforeApplicationShutdown {
  private readonly logger = new Logger('SignedInSockets');
  private readonly sockets = new Map<ClosableSocket, { tokenHash: string; role: Role }>();
  private timer: NodeJS.Timeout | null = null;
  private checking: Promise<void> | null = null;

  constructor(private readonly members: FirmsQueries) {}

  get size(): number {
    return this.sockets.size;
  }

  /** Watches an open socket until it closes. */
  watch(socket: ClosableSocket, tokenHash: string, role: Role): void {
    if (socket.readyState !== OPEN || this.sockets.has(socket)) return;
    this.sockets.set(socket, { tokenHash, role });
    socket.once('close', () => this.forget(socket));
    this.timer ??= setInterval(() => void this.check(), SOCKET_TOKEN_CHECK_MS).unref();
  }

  forget(socket: ClosableSocket): void {
    this.sockets.delete(socket);
    if (this.sockets.size === 0) this.stop();
  }

  /** Closes the watched sockets whose token no active member holds with the role it signed in with; one check at a time. */
  check(): Promise<void> {
    this.checking ??= this.closeSocketsOfGoneTokens()
      .catch((error: unknown) => this.logger.warn(`could not check the tokens of open sockets: ${(error as Error).message}`))
      .finally(() => (this.checking = null));
    return this.checking;
  }

  /** Before the store closes: no check reads it afterwards. */
  async beforeApplicationShutdown(): Promise<void> {
    this.stop();
    this.sockets.clear();
    await this.checking;
  }

  private async closeSocketsOfGoneTokens(): Promise<void> {
    // Only sockets known before the read: one signed in meanwhile was checked by its own sign-in.
    const watched = [...this.sockets];
    if (watched.length === 0) return;
    const held = await this.members.rolesOfTokenHashes(new Set(watched.map(([, signedIn]) => signedIn.tokenHash)));
    for (const [socket, signedIn] of watched) {
      if (held.get(signedIn.tokenHash) === signedIn.role || this.sockets.get(socket) !== signedIn) continue;
      this.forget(socket);
      closeSocket(socket);
    }
  }

  private stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
}

function closeSocket(socket: ClosableSocket): void {
  socket.close(TOKEN_GONE_CLOSE_CODE, TOKEN_GONE_REASON);
  setTimeout(() => {
    if (socket.readyState !== CLOSED) socket.terminate();
  }, CLOSE_GRACE_MS).unref();
}

interface ConnectContext {
  connectionParams?: Record<string, unknown>;
  extra: { member?: AuthenticatedMember | null; socket?: ClosableSocket };
}

/** Wraps graphql-ws `onConnect`: a socket it signs in with a token is watched until it closes. */
export function watchingSignedInSockets<Ctx extends ConnectContext>(sockets: SignedInSockets, onConnect: (ctx: Ctx) => Promise<boolean>) {
  return async (ctx: Ctx): Promise<boolean> => {
    const accepted = await onConnect(ctx);
    const token = bearerToken(wsAuthorization(ctx.connectionParams));
    if (accepted && token && ctx.extra.member && ctx.extra.socket) sockets.watch(ctx.extra.socket, hashToken(token), ctx.extra.member.role);
    return accepted;
  };
}
