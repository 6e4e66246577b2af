import { Field, Int, ObjectType } from '@nestjs/graphql';
import { DateTimeScalar } from '@accord/platform';

@ObjectType({ description: 'One recorded event, as the audit log shows it (sealed answers and token hashes hidden).' })
export class AuditEvent {
  @Field(() => Int) position!: number;
  @Field() streamId!: string;
  @Field(() => Int) revision!: number;
  @Field() type!: string;
  @Field(() => DateTimeScalar) occurredAt!: string;
  @Field({ description: 'Member id, or `system`.' }) actorId!: string;
  @Field({ description: 'The payload as JSON text.' }) data!: string;
  @Field() hash!: string;
  @Field(() => String, { nullable: true }) previousHash!: string | null;
}

@ObjectType()
export class AuditPage {
  @Field(() => [AuditEvent]) events!: AuditEvent[];
  @Field(() => Int, { nullable: true, description: 'Position of the last event of the page (pass it as `after`); null for an empty page.' })
  nextAfter!: number | null;
  @Field({ description: 'True when events follow this page.' }) hasMore!: boolean;
}

@ObjectType('IntegrityReport')
export class IntegrityReportModel {
  @Field() ok!: boolean;
  @Field(() => Int) eventsChecked!: number;
  @Field(() => Int) streamsChecked!: number;
  @Field(() => Int, { nullable: true }) firstBrokenPosition!: number | null;
  @Field(() => [String]) problems!: string[];
}
