import { Global, Module, type DynamicModule } from '@nestjs/common';
import { ACCORD_CONFIG, type AccordConfig } from './accord-config';

/** Makes the loaded configuration injectable everywhere as `ACCORD_CONFIG`. */
@Global()
@Module({})
export class ConfigModule {
  static forRoot(config: AccordConfig): DynamicModule {
    return { module: ConfigModule, providers: [{ provide: ACCORD_CONFIG, useValue: config }], exports: [ACCORD_CONFIG] };
  }
}
