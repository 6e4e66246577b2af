import { Inject, Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { GqlExecutionContext, type GqlContextType } from '@nestjs/graphql';
import type { GraphQLResolveInfo } from 'graphql';
import { defer, mergeMap, type Observable } from 'rxjs';
import { DomainError } from '@accord/domain';
import { CLOCK, SIGN_UP, type Clock, type RequestContext } from '@accord/platform';
import { ACCORD_CONFIG, type AccordConfig, type RateLimits } from '../../config/accord-config';
import { RATE_LIMIT_STORE } from './rate-limit-store';
import type { BucketDraw, RateLimitStore } from './token-buckets';

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;

/**
 * Rate limits on mutations, at the one point HTTP and graphql-ws both pass: each root mutation field
 * draws on its member's bucket and its address's bucket, and `createFirm` (marked `@SignUp()`) also on
 * the address's sign-up bucket, unless the operator sends it. A refused field runs nothing and answers
 * TOO_MANY_REQUESTS with `retryAfterSeconds`; the Retry-After plugin turns that into the HTTP header.
 */
@Injectable()
export class MutationRateLimitInterceptor implements NestInterceptor {
  constructor(
    @Inject(RATE_LIMIT_STORE) private readonly store: RateLimitStore | null,
    @Inject(ACCORD_CONFIG) private readonly config: AccordConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(Reflector) private readonly reflector: Reflector,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType<GqlContextType>() !== 'graphql') return next.handle();
    const gql = GqlExecutionContext.create(context);
    const info = gql.getInfo<GraphQLResolveInfo>();
    if (info.parentType !== info.schema.getMutationType()) return next.handle();
    const signUp = this.reflector.get<boolean | undefined>(SIGN_UP, context.getHandler()) === true;
    const draws = mutationDraws(this.config.rateLimits, gql.getContext<RequestContext>(), signUp);
    const store = this.store;
    if (draws.length === 0 || !store) return next.handle();
    // Deferred: the draw happens when the resolver would run, inside whatever scope wraps it (idempotency).
    return defer(() => store.take(draws, Date.parse(this.clock.now()))).pipe(
      mergeMap((decision) => {
        if (decision.allowed) return next.handle();
        throw tooManyRequests(decision.key, Math.max(1, Math.ceil(decision.retryAfterMs / 1000)), this.config.rateLimits);
      }),
    );
  }
}

/** The buckets one mutation field draws on; a limit of 0 is off, and an unknown address or an anonymous caller skips its bucket. */
export function mutationDraws(limits: RateLimits, ctx: Pick<RequestContext, 'member' | 'clientIp' | 'operator'>, signUp: boolean): BucketDraw[] {
  const draws: BucketDraw[] = [];
  if (limits.mutationsPerMinutePerToken > 0 && ctx.member) {
    // A member holds one token at a time, so the member is the token's bucket (and a rotated token does not start afresh).
    draws.push({ key: `token:${ctx.member.memberId}`, capacity: limits.mutationsPerMinutePerToken, windowMs: MINUTE_MS });
  }
  if (limits.mutationsPerMinutePerIp > 0 && ctx.clientIp) {
    draws.push({ key: `ip:${ctx.clientIp}`, capacity: limits.mutationsPerMinutePerIp, windowMs: MINUTE_MS });
  }
  if (signUp && !ctx.operator && limits.signupsPerHourPerIp > 0 && ctx.clientIp) {
    draws.push({ key: `signup:${ctx.clientIp}`, capacity: limits.signupsPerHourPerIp, windowMs: HOUR_MS });
  }
  return draws;
}

function tooManyRequests(key: string, retryAfterSeconds: number, limits: RateLimits): DomainError {
  const which = key.startsWith('token:')
    ? `mutations for this token (${limits.mutationsPerMinutePerToken} a minute)`
    : key.startsWith('ip:')
      ? `mutations from this address (${limits.mutationsPerMinutePerIp} a minute)`
      : `sign-ups from this address (${limits.signupsPerHourPerIp} an hour)`;
  return new DomainError('TOO_MANY_REQUESTS', `too many ${which}; nothing was done, try again in ${retryAfterSeconds} s`, { retryAfterSeconds });
}
