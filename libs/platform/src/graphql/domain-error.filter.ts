import { Catch } from '@nestjs/common';
import type { GqlExceptionFilter } from '@nestjs/graphql';
import { DomainError } from '@accord/domain';

/**
 * A refused command is an answer, not a server fault: hand it to GraphQL (where `formatGraphqlError`
 * maps its code) without Nest logging it as an unhandled exception.
 */
@Catch(DomainError)
export class DomainErrorFilter implements GqlExceptionFilter {
  catch(error: DomainError): DomainError {
    return error;
  }
}
