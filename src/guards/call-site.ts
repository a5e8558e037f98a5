import { isAbsolute, relative, sep } from 'node:path';
import { firstUserFrame, OWN_DIRS } from '../own-code';

/** The first frame in the user's code as reports show it: `test/api.test.js:12:5`, relative to `cwd` when inside it. */
export function userCallSite(stack: string, cwd: string, ownDirs: readonly string[] = OWN_DIRS): string | undefined {
  const frame = firstUserFrame(stack, ownDirs);
  return frame ? `${displayPath(frame.file, cwd)}:${frame.line}:${frame.column}` : undefined;
}

function displayPath(file: string, cwd: string): string {
  const rel = relative(cwd, file);
  const shown = rel !== '' && !rel.startsWith('..') && !isAbsolute(rel) ? rel : file;
  return shown.split(sep).join('/');
}

/**
 * The stack above `below` (a function on it), with room for deep library frames: fetch's internals alone fill
 * V8's default ten. Called only for attempts that may be violations, since capturing a stack is the costly part.
 */
export function captureStack(below: Function): string {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 200;
  const holder: { stack?: string } = {};
  Error.captureStackTrace(holder, below);
  Error.stackTraceLimit = limit;
  return holder.stack ?? '';
}
