import { NestFactory } from '@nestjs/core';
import type { INestApplication, LoggerService, LogLevel } from '@nestjs/common';
import type { Clock } from '@accord/platform';
import { AppModule } from './app.module';
import { loadDashboardFiles } from './dashboard/dashboard-files';
import { serveDashboard } from './dashboard/serve-dashboard';
import type { AccordConfig } from './config/accord-config';
import { limitRequestBodies, limitWebSocketMessages } from './security/body-limit';
import { AccordLogger } from './startup/accord-logger';

export interface CreateAppOptions {
  logger?: LoggerService | LogLevel[] | false;
  /** Replaces the system clock (the demo, tests of time). */
  clock?: Clock;
}

/**
 * The API application, initialised but not listening. Store and projection errors reject here
 * instead of aborting the process, so the caller decides how to report them.
 */
export async function createApp(config: AccordConfig, options: CreateAppOptions = {}): Promise<INestApplication> {
  const app = await NestFactory.create(AppModule.forRoot(config, options.clock), {
    abortOnError: false,
    logger: options.logger ?? new AccordLogger(),
    // limitRequestBodies registers the one body parser, with the size limit.
    bodyParser: false,
  });
  limitRequestBodies(app, config.requestLimits.maxBodyBytes);
  // The dashboard at `/`, same origin as /graphql so the page needs no CORS and sends the same tokens.
  app.use(serveDashboard(loadDashboardFiles(config.dashboardDir)));
  try {
    await app.init();
    limitWebSocketMessages(app, config.requestLimits.maxBodyBytes);
  } catch (error) {
    // Release whatever started before the failure (an open store, running projections).
    await app.close().catch(() => undefined);
    throw error;
  }
  return app;
}
