import { ConfigError } from '@accord/event-store';

/** Exit code for a setting the server cannot start with, as opposed to a crash (1). */
export const CONFIG_ERROR_EXIT_CODE = 2;

export function isConfigError(error: unknown): error is ConfigError {
  return error instanceof ConfigError;
}

/** What main prints before exiting: one line for a config error, the stack for anything else. */
export function describeStartupError(error: unknown): { text: string; exitCode: number } {
  if (isConfigError(error)) return { text: `accord: ${error.message.replace(/\s*\n\s*/g, ' ')}`, exitCode: CONFIG_ERROR_EXIT_CODE };
  return { text: `accord: failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`, exitCode: 1 };
}
