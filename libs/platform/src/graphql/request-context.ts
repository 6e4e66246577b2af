import { randomUUID } from 'node:crypto';
import { bearerToken, hashToken } from '../auth/token';
import type { AuthenticatedMember, MemberDirectory, RequestContext } from '../auth/member';

interface HttpContextArgs {
  req?: { headers?: Record<string, string | string[] | undefined> };
}
interface WsContextArgs {
  extra?: { member?: AuthenticatedMember | null };
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
export function requestContextFactory(directory: MemberDirectory) {
  return async (args: HttpContextArgs & WsContextArgs): Promise<RequestContext> => {
    const requestId = randomUUID();
    if (args.extra) return { member: args.extra.member ?? null, badToken: false, requestId };
    const { member, bad } = await authenticate(directory, args.req?.headers?.authorization);
    return { member, badToken: bad, requestId };
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
