import { Field, ObjectType } from '@nestjs/graphql';
import { Member } from '@accord/firms';

@ObjectType({ description: "A participant's answer to one question of a check; sealed to its author until the reveal." })
export class Answer {
  @Field() questionKey!: string;
  @Field(() => Member) member!: Member;
  @Field() text!: string;
  @Field(() => [String], { description: 'The abstract words the answer contains (a warning: say concretely what you mean).' })
  vagueTerms!: string[];
}
