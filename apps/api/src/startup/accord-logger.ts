import { ConsoleLogger } from '@nestjs/common';
import { isConfigError } from './startup-error';

/** How Nest logs a failed `listen` (as text) before rejecting; `listen` turns these into PORT errors. */
const PORT_FAILURE = /^Error: listen (EADDRINUSE|EACCES)\b/;

/**
 * Nest's console logger, minus the errors main reports itself as one line without a stack: config
 * errors thrown while Nest builds the app, and the port failures `listen` maps to PORT.
 */
export class AccordLogger extends ConsoleLogger {
  override error(message: unknown, ...optionalParams: unknown[]): void {
    if (isConfigError(message) || (typeof message === 'string' && PORT_FAILURE.test(message))) return;
    super.error(message, ...(optionalParams as [string?, string?]));
  }
}
