import { Field, Float, ObjectType } from '@nestjs/graphql';
import type { Judgement } from '@accord/domain';
import { JudgementEnum } from '@accord/platform';
import { Answer } from './answer.model';

@ObjectType({ description: 'One question of an alignment check, with the answers the caller may see.' })
export class CheckQuestion {
  @Field() key!: string;
  @Field() prompt!: string;
  @Field(() => [Answer], {
    description: "Before the reveal only the caller's own answer (none for non-participants); after it every answer, in participant order.",
  })
  answers!: Answer[];
  @Field(() => JudgementEnum, { nullable: true, description: "Accord's suggestion, from the reveal on (null before)." })
  suggestedJudgement!: Judgement | null;
  @Field(() => Float, { nullable: true, description: 'Similarity of the answers, 0..1, from the reveal on (null before).' })
  similarity!: number | null;
  @Field(() => JudgementEnum, { nullable: true, description: 'The judgement recorded by a partner or facilitator.' })
  judgement!: Judgement | null;
}
