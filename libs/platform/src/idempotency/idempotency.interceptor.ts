import { Inject, Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { GqlExecutionContext, type GqlContextType } from '@nestjs/graphql';
import { Observable } from 'rxjs';
import { IdempotencyService } from './idempotency.service';

/**
 * Runs each resolver of a request with an Idempotency-Key inside the request's `IdempotencyScope`, where
 * the CommandRunner finds it. The resolver is called when the observable is subscribed to, so
 * subscribing inside the scope puts the whole resolver, and all it awaits, in it.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(@Inject(IdempotencyService) private readonly idempotency: IdempotencyService) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType<GqlContextType>() !== 'graphql') return next.handle();
    const scope = this.idempotency.scopeOf(GqlExecutionContext.create(context).getContext<object | undefined>());
    if (!scope) return next.handle();
    return new Observable((subscriber) => scope.run(() => next.handle().subscribe(subscriber)));
  }
}
