import { existsSync } from 'node:fs';
import { dirname, join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Where hermetic's own code lives, whether it runs bundled (dist/) or from source (src/): stack
 * frames from there are never the user's. Found from this file up to the package root.
 */
function packageRoot(): string {
  for (let dir = __dirname; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) return dirname(__dirname);
  }
}

export const PACKAGE_ROOT = packageRoot();
const ownDirs: string[] = [join(PACKAGE_ROOT, 'dist') + sep, join(PACKAGE_ROOT, 'src') + sep];
export const OWN_DIRS: readonly string[] = ownDirs;

/** Another copy of hermetic in this process (the preload a medium test's child starts with) is hermetic's own code too. */
export function addOwnDirs(dirs: readonly string[]): void {
  for (const dir of dirs) if (!ownDirs.includes(dir)) ownDirs.push(dir);
}

/** `(/abs/file.js:3:14)`, `file:///abs/file.mjs:3:14`, `C:\\x.js:1:2` at the end of a V8 frame line. */
const LOCATION = /(?:\(|\s)((?:file:\/\/|\/|[A-Za-z]:\\)[^()]*?):(\d+):(\d+)\)?$/;

/** A stack frame's place: an absolute path, line and column. */
export interface FrameLocation {
  readonly file: string;
  readonly line: string;
  readonly column: string;
}

/**
 * The first frame of a V8 stack that is the user's: not Node's (`node:`), not a dependency's
 * (`node_modules`) and not hermetic's own. Pure, so it can be tested on literal stacks.
 */
export function firstUserFrame(stack: string, ownDirs: readonly string[] = OWN_DIRS): FrameLocation | undefined {
  for (const line of stack.split('\n')) {
    const m = LOCATION.exec(line.trimEnd());
    if (!m) continue;
    let file = m[1]!;
    if (file.startsWith('file://')) {
      try {
        file = fileURLToPath(file);
      } catch {
        continue;
      }
    }
    if (file.includes(`${sep}node_modules${sep}`) || ownDirs.some((d) => file.startsWith(d))) continue;
    return { file, line: m[2]!, column: m[3]! };
  }
  return undefined;
}
