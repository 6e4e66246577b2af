import { Global, Module, type DynamicModule } from '@nestjs/common';
import { IDEMPOTENCY_TTL_HOURS, OPEN_SIGNUP, OVERDUE_SCAN_SECONDS } from '@accord/platform';
import { ACCORD_CONFIG, type AccordConfig } from './accord-config';

/** Makes the loaded configuration injectable everywhere as `ACCORD_CONFIG` (and the parts libraries need by their own tokens). */
@Global()
@Module({})
export class ConfigModule {
  static forRoot(config: AccordConfig): DynamicModule {
    return {
      module: ConfigModule,
      providers: [
        { provide: ACCORD_CONFIG, useValue: config },
        { provide: OPEN_SIGNUP, useValue: config.openSignup },
        { provide: OVERDUE_SCAN_SECONDS, useValue: config.overdueScanSeconds },
        { provide: IDEMPOTENCY_TTL_HOURS, useValue: config.idempotencyTtlHours },
      ],
      exports: [ACCORD_CONFIG, OPEN_SIGNUP, OVERDUE_SCAN_SECONDS, IDEMPOTENCY_TTL_HOURS],
    };
  }
}
