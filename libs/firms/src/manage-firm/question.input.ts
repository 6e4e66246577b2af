import { Field, InputType } from '@nestjs/graphql';

@InputType({ description: 'A question of an alignment check: a key (a-z, 0-9, _) and its prompt.' })
export class QuestionInput {
  @Field() key!: string;
  @Field() prompt!: string;
}
