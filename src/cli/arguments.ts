import { CliUsageError } from './command';

/** A command's options as given (`--name value` or `--name=value`), and the words that are not options. */
export interface ParsedArguments {
  readonly options: ReadonlyMap<string, string>;
  readonly words: readonly string[];
}

/** Reads `args` against the options a command takes, each of which needs a value; anything else starting with `-` is a mistake. */
export function parseArguments(args: readonly string[], known: readonly string[], usage: string): ParsedArguments {
  const options = new Map<string, string>();
  const words: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--') {
      words.push(...args.slice(i + 1));
      break;
    }
    if (!arg.startsWith('-') || arg === '-') {
      words.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = eq < 0 ? arg : arg.slice(0, eq);
    if (!known.includes(name)) throw new CliUsageError(`unknown option ${name}; ${usage}`);
    const value = eq < 0 ? args[++i] : arg.slice(eq + 1);
    if (value === undefined || value === '') throw new CliUsageError(`${name} needs a value; ${usage}`);
    if (options.has(name)) throw new CliUsageError(`${name} is given twice; give it once`);
    options.set(name, value);
  }
  return { options, words };
}

/** A whole number from `min` up, for an option such as `--shards 5`. */
export function wholeNumber(name: string, text: string, min: number): number {
  if (!/^\d+$/.test(text) || Number(text) < min) throw new CliUsageError(`${name} must be a whole number from ${min} up, got "${text}"`);
  return Number(text);
}
