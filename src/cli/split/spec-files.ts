import { type Dirent, readdirSync, statSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { globBase, globToRegExp, isGlob } from '../../core/split';
import { CliUsageError } from '../command';

/** Every file under `dir` (relative to `cwd`, `/`-separated), passing over node_modules and hidden folders. */
function walk(cwd: string, dir: string, recursive: boolean, into: string[]): void {
  let entries: Dirent[];
  try {
    entries = readdirSync(resolve(cwd, dir), { withFileTypes: true });
  } catch {
    return;
  }
  for (const entry of entries) {
    const path = dir === '.' ? entry.name : `${dir}/${entry.name}`;
    if (entry.isDirectory()) {
      if (recursive && entry.name !== 'node_modules' && !entry.name.startsWith('.')) walk(cwd, path, recursive, into);
    } else if (entry.isFile()) into.push(path);
  }
}

const posix = (path: string): string => path.split('\\').join('/').replace(/^\.\//, '');

/**
 * The files that `words` name, relative to `cwd`, sorted and each once: a file as it is, a folder's files with one of
 * `extensions` (as Mocha takes a folder), a glob expanded. A word that matches nothing is a mistake, as it is to Mocha.
 */
export function expandFiles(
  cwd: string,
  words: readonly string[],
  what: string,
  folders: { readonly extensions: readonly string[]; readonly recursive: boolean },
): string[] {
  const found = new Set<string>();
  for (const word of words) {
    const matches: string[] = [];
    if (isGlob(word)) {
      const pattern = posix(word);
      const matcher = globToRegExp(pattern);
      const all: string[] = [];
      walk(cwd, globBase(pattern), true, all);
      matches.push(...all.filter((path) => matcher.test(path)));
    } else {
      const stat = statSync(resolve(cwd, word), { throwIfNoEntry: false });
      const path = posix(relative(cwd, resolve(cwd, word))) || '.';
      if (stat?.isDirectory()) {
        const all: string[] = [];
        walk(cwd, path, folders.recursive, all);
        matches.push(...all.filter((file) => folders.extensions.some((ext) => file.endsWith(`.${ext}`))));
      } else if (stat?.isFile()) matches.push(path);
    }
    if (matches.length === 0) throw new CliUsageError(`no ${what} matches "${word}" in ${cwd}`);
    for (const path of matches) found.add(path);
  }
  return [...found].sort();
}
