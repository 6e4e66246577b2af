import { Field, ID, ObjectType } from '@nestjs/graphql';
import { RoleEnum } from '@accord/platform';
import type { Role } from '@accord/domain';

@ObjectType({ description: 'A person of a firm: partner, facilitator, auditor or viewer (a dashboard).' })
export class Member {
  @Field(() => ID) id!: string;
  @Field() name!: string;
  @Field(() => RoleEnum) role!: Role;
  @Field(() => ID) firmId!: string;
}
