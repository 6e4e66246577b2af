import { Module } from '@nestjs/common';
import { IntegrityVerifier } from './integrity/integrity-verifier';
import { FirmEventsResolver } from './live/firm-events.resolver';
import { AuditQueries } from './read-model/audit.queries';
import { AuditResolver } from './read-model/audit.resolver';

/** The audit log: every event, redacted on read, verifiable against the store, and live. */
@Module({
  providers: [AuditQueries, IntegrityVerifier, AuditResolver, FirmEventsResolver],
  exports: [AuditQueries, IntegrityVerifier],
})
export class AuditModule {}
