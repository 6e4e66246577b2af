import { Field, ID, ObjectType } from '@nestjs/graphql';
import { DateTimeScalar, DecisionStatusEnum, LayerEnum } from '@accord/platform';
import type { Layer } from '@accord/domain';
import { Member } from '@accord/firms';
import type { DecisionStatusValue } from './decisions.queries';

@ObjectType({ description: "A partner's endorsement of a decision." })
export class Endorsement {
  @Field(() => Member) member!: Member;
  @Field(() => DateTimeScalar) at!: string;
}

/**
 * A decision; proposedBy, endorsements, supersedes, supersededBy, resolves and why are field
 * resolvers (DecisionResolver) over the ids kept here.
 */
@ObjectType({ description: 'What the partners decided, for which outcome, over which alternatives; locked once every active partner endorsed.' })
export class Decision {
  @Field(() => ID) id!: string;
  @Field(() => ID) firmId!: string;
  @Field() title!: string;
  @Field({ description: 'The outcome it optimizes for.' }) outcome!: string;
  @Field() chosenAnswer!: string;
  @Field(() => [String], { description: 'The alternatives rejected.' }) alternatives!: string[];
  @Field() rationale!: string;
  @Field(() => LayerEnum) layer!: Layer;
  @Field(() => String, { nullable: true, description: 'The question whose aligned definition it gives.' }) questionKey!: string | null;
  @Field(() => DecisionStatusEnum) status!: DecisionStatusValue;
  @Field(() => DateTimeScalar) proposedAt!: string;
  @Field(() => DateTimeScalar, { nullable: true }) lockedAt!: string | null;
  @Field(() => DateTimeScalar, { nullable: true, description: 'When a newer locked decision superseded it.' })
  supersededAt!: string | null;
  /** Not fields: ids behind the field resolvers. */
  proposedById!: string;
  supersedesId!: string | null;
  supersededById!: string | null;
  resolvesIds!: string[];
}
