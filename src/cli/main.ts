import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../own-code';
import { type CliIo, CliUsageError } from './command';
import { COMMANDS } from './commands';

/** Exit code for a command called wrongly, as most command-line tools use it; 1 is left for "the check failed". */
const USAGE_EXIT = 2;

function overview(): string {
  const names = Object.keys(COMMANDS);
  const width = Math.max(0, ...names.map((name) => name.length));
  const lines = names.map((name) => `  ${name.padEnd(width)}  ${COMMANDS[name]!.summary}`);
  return [
    'Usage: npx hermetic <command> [options]',
    '',
    'Commands:',
    ...(lines.length > 0 ? lines : ['  (none)']),
    '',
    'Run `npx hermetic <command> --help` for its options.',
  ].join('\n');
}

/** `npx hermetic ...`: runs one command and resolves to the exit code; never throws. */
export async function main(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  const [name, ...args] = argv;
  if (name === undefined) {
    io.err(`${overview()}\n`);
    return USAGE_EXIT;
  }
  if (name === '--help' || name === '-h' || name === 'help') {
    io.out(`${overview()}\n`);
    return 0;
  }
  if (name === '--version' || name === '-v') {
    io.out(`${(JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string }).version}\n`);
    return 0;
  }
  const command = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!command) {
    io.err(
      `hermetic: unknown command "${name}"; the commands are: ${Object.keys(COMMANDS).join(', ') || 'none'} (see \`npx hermetic --help\`)\n`,
    );
    return USAGE_EXIT;
  }
  if (args.includes('--help') || args.includes('-h')) {
    io.out(`${command.usage}\n`);
    return 0;
  }
  try {
    return await command.run(args, io);
  } catch (err) {
    if (err instanceof CliUsageError) {
      io.err(`hermetic ${name}: ${err.message}\n`);
      return USAGE_EXIT;
    }
    throw err;
  }
}

function processIo(): CliIo {
  return {
    cwd: process.cwd(),
    env: process.env,
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
  };
}
