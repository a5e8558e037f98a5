// `npm pack` of this repository into a folder, as `npm publish` would pack it: prepack builds first.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

/** Packs `root` into `destination` and returns the tarball's path. The build's output goes to stderr. */
export function packTarball(root, destination) {
  const output = execFileSync('npm', ['pack', '--json', '--pack-destination', destination], {
    cwd: root,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return join(destination, JSON.parse(output)[0].filename);
}
