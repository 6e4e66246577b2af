import { Field, ID, InputType } from '@nestjs/graphql';
import { QuestionInput } from '@accord/firms';

@InputType({ description: "A check's own questions and participants; by default the firm's question set and all its partners." })
export class OpenCheckInput {
  @Field(() => [QuestionInput], { nullable: true }) questions?: QuestionInput[] | null;
  @Field(() => [ID], { nullable: true }) participantIds?: string[] | null;
}
