import type { Command } from 'commander';
import { registerExport } from './export.command';
import { registerImport } from './import.command';
import { registerRebuild } from './rebuild.command';
import { registerReplay } from './replay.command';
import { registerStatus } from './status.command';
import { registerVerify } from './verify.command';

/** Adds one command (its options and action) to the program. */
export type RegisterCommand = (program: Command) => void;

/** Every `accord` command, in the order `--help` lists them. */
export const COMMANDS: RegisterCommand[] = [
  registerExport,
  registerVerify,
  registerImport,
  registerRebuild,
  registerReplay,
  registerStatus,
];
