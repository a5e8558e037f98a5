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
 * Node's own stack formatter, when nothing replaced it before hermetic loaded: the one a stack is joined in place of
 * (below) while it is still installed and source maps are off.
 */
const NODE_FORMATTER = Error.prepareStackTrace?.name === 'ErrorPrepareStackTrace' ? Error.prepareStackTrace : undefined;

/** The text Node's formatter gives a captured stack without source maps, built without its per-error bookkeeping. */
function joinFrames(_holder: unknown, frames: readonly NodeJS.CallSite[]): string {
  return `Error\n    at ${frames.join('\n    at ')}`;
}

/**
 * The stack above `below` (a function on it), with room for deep library frames: fetch's internals alone fill V8's
 * default ten. Formatted by the user's `Error.prepareStackTrace` when there is one (source-map-support maps TypeScript
 * lines there) or by Node's when source maps are on; when that hook throws or returns no text, by V8's default; else
 * empty. Never throws, so a user's stack hook cannot cancel a verdict. Called only for attempts that may be violations:
 * capturing a stack is the costly part, so with Node's formatter and no source maps the frames are joined here, the same
 * text at about half the cost.
 */
export function captureStack(below: Function): string {
  const prepare = Error.prepareStackTrace;
  const limit = Error.stackTraceLimit;
  const attempt = (): string => {
    const holder: { stack?: unknown } = {};
    Error.captureStackTrace(holder, below);
    return typeof holder.stack === 'string' ? holder.stack : '';
  };
  try {
    Error.stackTraceLimit = 200;
    if (prepare !== undefined && prepare === NODE_FORMATTER && !process.sourceMapsEnabled) Error.prepareStackTrace = joinFrames;
    try {
      const stack = attempt();
      if (stack !== '' || prepare === undefined) return stack;
    } catch {
      // The user's hook threw: read the frames with V8's own formatting instead.
    }
    (Error as { prepareStackTrace?: unknown }).prepareStackTrace = undefined;
    return attempt();
  } catch {
    return '';
  } finally {
    restore(prepare, limit);
  }
}

/** Puts the user's stack settings back, even when they were made read-only. */
function restore(prepare: typeof Error.prepareStackTrace, limit: number): void {
  try {
    if (Error.prepareStackTrace !== prepare) (Error as { prepareStackTrace?: unknown }).prepareStackTrace = prepare;
    Error.stackTraceLimit = limit;
  } catch {
    // Nothing was changed that could not be changed back.
  }
}
