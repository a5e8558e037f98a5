import { existsSync, realpathSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { documentation } from './core/report';
import { PACKAGE_ROOT } from './own-code';

function realpathOf(path: string): string | undefined {
  // existsSync first: a thrown ENOENT costs a stack trace, and most folders on the way up have no node_modules/hermetic.
  if (!existsSync(path)) return undefined;
  try {
    return realpathSync.native(path);
  } catch {
    return undefined;
  }
}

/**
 * hermetic's docs folder as a path the user can open from `cwd`, for the reports' `Documentation:` line.
 * The nearest `node_modules/hermetic` that is this copy wins, so npm, a pnpm symlink into `.pnpm/` and a
 * workspace's hoisted copy all read `node_modules/hermetic/docs` or `../../node_modules/hermetic/docs`;
 * any other layout gets the package's real folder, relative to `cwd`.
 */
export function docsFolderFrom(cwd: string, packageRoot: string = PACKAGE_ROOT): string {
  const installed = realpathOf(packageRoot) ?? packageRoot;
  // From the real folder, so that `..` climbs the folders the path names, not those a symlink hides.
  const here = realpathOf(cwd) ?? cwd;
  let folder = installed;
  for (let dir = here; ; dir = dirname(dir)) {
    const link = join(dir, 'node_modules', 'hermetic');
    if (realpathOf(link) === installed) {
      folder = link;
      break;
    }
    if (dirname(dir) === dir) break;
  }
  // Forward slashes on every platform: the line reads like the docs' own links, and Windows tools accept them.
  return join(relative(here, folder), 'docs').split(sep).join('/');
}

/**
 * Points the reports' `Documentation:` line at the docs as seen from `cwd` (the working directory at start-up), looked up
 * the first time a report is formatted: most runs format none, and the lookup walks the folders up to the root.
 */
export function linkDocumentationFrom(cwd: string): void {
  let folder: string | undefined;
  Object.defineProperty(documentation, 'folder', {
    configurable: true,
    enumerable: true,
    get: () => (folder ??= docsFolderFrom(cwd)),
  });
}
