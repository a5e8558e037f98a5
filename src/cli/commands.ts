import type { CliCommand } from './command';
import { mergeCommand } from './merge/command';
import { splitCommand } from './split/command';
import { tagCommand } from './tag/tag-command';

/** Every `npx hermetic` command, by the name users type. A command adds one line here. */
export const COMMANDS: Readonly<Record<string, CliCommand>> = {
  merge: mergeCommand,
  split: splitCommand,
  tag: tagCommand,
};
