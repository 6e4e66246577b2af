import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { loadConfig } from '../../api/src/config/load-config';
import { AccordLogger } from '../../api/src/startup/accord-logger';
import { listen } from '../../api/src/startup/listen';
import { describeStartupError } from '../../api/src/startup/startup-error';
import { ProjectorModule } from './projector.module';

/**
 * The separate projector: runs the projections, process managers and (with REDIS_URL) the live
 * publisher while it holds the projector lease, stands by otherwise; serves GET /health on PORT
 * (default 4001). API instances beside it run with ACCORD_PROJECTOR=external.
 */
async function main(): Promise<void> {
  const config = loadConfig(process.env, 'projector');
  const app = await NestFactory.create(ProjectorModule.forRoot(config), { abortOnError: false, logger: new AccordLogger() });
  app.enableShutdownHooks(['SIGTERM', 'SIGINT'], { useProcessExit: true });
  try {
    await app.init();
    const port = await listen(app, config.port);
    new Logger('Accord').log(`projector listening on port ${port}: health at /health`);
  } catch (error) {
    await app.close().catch(() => undefined);
    throw error;
  }
}

main().catch((error: unknown) => {
  const { text, exitCode } = describeStartupError(error);
  process.stderr.write(`${text}\n`);
  process.exit(exitCode);
});
