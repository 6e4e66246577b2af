import { Field, ID, InputType } from '@nestjs/graphql';
import type { Layer } from '@accord/domain';
import { LayerEnum } from '@accord/platform';

@InputType()
export class ProposeDecisionInput {
  @Field() title!: string;
  @Field({ description: 'The outcome it optimizes for (mandatory).' }) outcome!: string;
  @Field() chosenAnswer!: string;
  @Field(() => [String], { description: 'The alternatives rejected (may be empty).' }) alternatives!: string[];
  @Field() rationale!: string;
  @Field(() => LayerEnum) layer!: Layer;
  @Field(() => String, { nullable: true, description: "A key of the firm's question set this decision defines." })
  questionKey?: string | null;
  @Field(() => [ID], { nullable: true, description: 'Open or deferred disagreements it resolves once locked.' })
  resolves?: string[] | null;
  @Field(() => ID, { nullable: true, description: 'A locked decision it replaces once locked.' })
  supersedes?: string | null;
}
