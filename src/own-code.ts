import { existsSync } from 'node:fs';
import { dirname, join, sep } from 'node:path';

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
export const OWN_DIRS: readonly string[] = [join(PACKAGE_ROOT, 'dist') + sep, join(PACKAGE_ROOT, 'src') + sep];
