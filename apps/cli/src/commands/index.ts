import type { Command } from 'commander';

/** Adds one command (its options and action) to the program. */
export type RegisterCommand = (program: Command) => void;

/** Every `accord` command, in the order `--help` lists them. */
export const COMMANDS: RegisterCommand[] = [];
