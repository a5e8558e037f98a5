import type { CliCommand } from './command';
import { tagCommand } from './tag/tag-command';

/** Every `npx hermetic` command, by the name users type. A command adds one line here. */
export const COMMANDS: Readonly<Record<string, CliCommand>> = {
  tag: tagCommand,
};
