import { fileURLToPath } from 'node:url';
import { firstUserFrame } from '../../own-code';

/**
 * The file whose code applied a decorator: the first stack frame that is not hermetic, a library (testdeck,
 * tslib) or Node. It lets a class be told apart from a same-named class in another file, and names the file in problems.
 */
export function decoratingFile(): string | undefined {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 50;
  const stack = new Error().stack ?? '';
  Error.stackTraceLimit = limit;
  return firstUserFrame(stack)?.file;
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
