import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { loadConfig } from './config/load-config';
import { createApp } from './create-app';
import { listen } from './startup/listen';
import { describeStartupError } from './startup/startup-error';

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const app = await createApp(config);
  app.enableShutdownHooks(['SIGTERM', 'SIGINT'], { useProcessExit: true });
  try {
    const port = await listen(app, config.port);
    const logger = new Logger('Accord');
    logger.log(`listening on port ${port}: GraphQL at /graphql, health at /health`);
    if (config.redisUrl) logger.warn('REDIS_URL is set but not used yet: subscriptions fan out within this process');
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
