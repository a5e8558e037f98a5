import { sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { OWN_DIRS } from '../../own-code';

// Frames from hermetic's own code, from libraries (testdeck, tslib) and from Node are never the user's file.
const FRAME = /\(?((?:file:\/\/)?[^\s()]+?):\d+:\d+\)?\s*$/;

/**
 * The file whose code applied a decorator: the first stack frame that is not hermetic, a library or Node.
 * It lets a class be told apart from a same-named class in another file, and names the file in problems.
 */
export function decoratingFile(): string | undefined {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 50;
  const stack = new Error().stack ?? '';
  Error.stackTraceLimit = limit;
  for (const line of stack.split('\n').slice(1)) {
    const file = frameFile(line);
    if (file !== undefined && !isForeign(file)) return file;
  }
  return undefined;
}

function frameFile(line: string): string | undefined {
  const match = FRAME.exec(line);
  if (!match) return undefined;
  const location = match[1]!;
  if (!location.startsWith('file://')) return location.startsWith(sep) || /^[A-Za-z]:\\/.test(location) ? location : undefined;
  try {
    return fileURLToPath(location);
  } catch {
    return undefined;
  }
}

function isForeign(file: string): boolean {
  return OWN_DIRS.some((dir) => file.startsWith(dir)) || file.includes(`${sep}node_modules${sep}`);
}

/** The same file written as a path, whether Mocha or a stack frame gave it as a path or a file:// URL. */
export function normalizeFile(file: string | undefined): string | undefined {
  if (file === undefined || !file.startsWith('file://')) return file;
  try {
    return fileURLToPath(file);
  } catch {
    return file;
  }
}
