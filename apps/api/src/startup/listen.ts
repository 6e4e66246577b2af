import type { INestApplication } from '@nestjs/common';
import type { AddressInfo } from 'node:net';
import { ConfigError } from '@accord/event-store';

/** Starts listening and returns the bound port; a port that is taken or forbidden is a PORT problem. */
export async function listen(app: INestApplication, port: number): Promise<number> {
  try {
    await app.listen(port);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') throw new ConfigError('PORT', `PORT: ${port} is already in use`);
    if (code === 'EACCES') throw new ConfigError('PORT', `PORT: not allowed to listen on ${port}`);
    throw error;
  }
  return (app.getHttpServer().address() as AddressInfo).port;
}
