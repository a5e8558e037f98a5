import type { CliCommand } from './command';

/** Every `npx hermetic` command, by the name users type. A command adds one line here. */
export const COMMANDS: Readonly<Record<string, CliCommand>> = {};
