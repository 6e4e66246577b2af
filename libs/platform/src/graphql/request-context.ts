import { randomUUID } from 'node:crypto';
import { bearerToken, hashToken } from '../auth/token';
import type { AuthenticatedMember, MemberDirectory, RequestContext } from '../auth/member';

/** The parts of Node's IncomingMessage the context reads (Express's `req`, or graphql-ws's upgrade request). */
export interface ClientRequest {
  headers?: Record<string, string | string[] | undefined>;
  socket?: { remoteAddress?: string };
}
interface HttpContextArgs {
  req?: ClientRequest;
}
interface WsContextArgs {
  /** `clientIp` is recorded from the upgrade request when the socket connects. */
  extra?: { member?: AuthenticatedMember | null; clientIp?: string };
}

export interface RequestContextOptions {
  /** The client's address (per-IP rate limits); the API decides whether X-Forwarded-For counts. */
  clientIp?: (request: ClientRequest) => string | undefined;
  /** Whether a bearer token is the operator's (ACCORD_OPERATOR_TOKEN); compares in constant time. */
  isOperatorToken?: (token: string) => boolean;
}

/** The member behind an `Authorization` value: null with `bad` when a token matched no active member. */
export async function authenticate(directory: MemberDirectory, header: unknown): Promise<{ member: AuthenticatedMember | null; bad: boolean }> {
  if (header === undefined || header === null || header === '') return { member: null, bad: false };
  const token = bearerToken(header);
  if (!token) return { member: null, bad: true };
  const member = await directory.findByTokenHash(hashToken(token));
  return { member, bad: member === null };
}

/** `connectionParams.authorization`, accepting `Authorization` too. */
export function wsAuthorization(params: Record<string, unknown> | undefined): unknown {
  return params?.authorization ?? params?.Authorization;
}

/**
 * Builds the GraphQL context: over HTTP from the Authorization header; over graphql-ws from what
 * `onConnect` resolved once for the socket (a bad token never gets that far: it closes with 4403).
 */
export function requestContextFactory(directory: MemberDirectory, options: RequestContextOptions = {}) {
  return async (args: HttpContextArgs & WsContextArgs): Promise<RequestContext> => {
    const requestId = randomUUID();
    if (args.extra) return { member: args.extra.member ?? null, badToken: false, requestId, clientIp: args.extra.clientIp };
    const clientIp = args.req && options.clientIp?.(args.req);
    const authorization = args.req?.headers?.authorization;
    const token = bearerToken(authorization);
    if (token && options.isOperatorToken?.(token)) return { member: null, badToken: false, requestId, clientIp, operator: true };
    const { member, bad } = await authenticate(directory, authorization);
    return { member, badToken: bad, requestId, clientIp };
  };
}

/** graphql-ws `onConnect`: false (close 4403 Forbidden) for a bad token; no token connects anonymously. */
export function onConnectFactory(directory: MemberDirectory) {
  return async (ctx: { connectionParams?: Record<string, unknown>; extra: { member?: AuthenticatedMember | null } }): Promise<boolean> => {
    const { member, bad } = await authenticate(directory, wsAuthorization(ctx.connectionParams));
    if (bad) return false;
    ctx.extra.member = member;
    return true;
  };
}
