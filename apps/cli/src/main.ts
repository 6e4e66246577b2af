import 'reflect-metadata';
import { Command, CommanderError } from 'commander';
import { COMMANDS } from './commands';
import { CliError, EXIT } from './exit-codes';

/**
 * `accord`: audit and operations from the command line, with the server's configuration variables.
 * Each command lives in ./commands/<name>.command.ts and registers itself on the program.
 */
export function buildProgram(): Command {
  const program = new Command('accord')
    .description('Audit and operate an Accord decision log: export, verify, import, rebuild, replay.')
    .showHelpAfterError()
    .exitOverride()
    .configureOutput({ outputError: (text, write) => write(text) })
    .addHelpText(
      'after',
      `
Stores come from the same variables as the server: ACCORD_EVENT_STORE (default sqlite:./data/accord.db)
and ACCORD_READ_STORE. Exit codes: 0 done, 1 a check failed, 2 bad usage or configuration,
3 the work could not be done, 130 interrupted.`,
    );
  for (const register of COMMANDS) register(program);
  return program;
}

export async function main(argv: readonly string[]): Promise<number> {
  try {
    await buildProgram().parseAsync([...argv], { from: 'user' });
    return process.exitCode === undefined ? EXIT.OK : Number(process.exitCode);
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end through here too, with code 0.
      return error.exitCode === 0 ? EXIT.OK : EXIT.USAGE;
    }
    if (error instanceof CliError) {
      process.stderr.write(`accord: ${error.message}\n`);
      return error.exitCode;
    }
    process.stderr.write(`accord: failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return EXIT.FAILED;
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
