import { Field, ObjectType } from '@nestjs/graphql';
import { Disagreement } from '@accord/disagreements';
import { Decision, Endorsement } from './decision.model';

/** "Why did we decide this?" in one object; `checks` is resolved by DecisionWhyResolver. */
@ObjectType({ description: 'Why a decision was taken: outcome, rationale, rejected alternatives, who endorsed, what it resolved, what it replaced.' })
export class DecisionWhy {
  @Field({ description: 'One or two generated sentences telling the story.' }) summary!: string;
  @Field() outcome!: string;
  @Field() rationale!: string;
  @Field(() => [String]) alternatives!: string[];
  @Field(() => [Endorsement]) endorsements!: Endorsement[];
  @Field(() => [Disagreement], { description: "The disagreements it resolves, with every partner's position and openDays." })
  resolved!: Disagreement[];
  @Field(() => Decision, { nullable: true, description: 'The decision it superseded; its own `why` goes further back.' })
  supersedes!: Decision | null;
  /** Not a field: the firm and the distinct checks the resolved disagreements came from. */
  firmId!: string;
  checkIds!: string[];
}
