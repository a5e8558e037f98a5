/** One spec file and how long it is expected to take, in any unit shared by all files (milliseconds, or bytes). */
export interface WeightedFile {
  readonly path: string;
  readonly weight: number;
}

/**
 * Splits spec files into `shards` groups of about equal weight: heaviest first, each to the lightest shard so far
 * (ties to the lower shard, equal weights in path order). Every file lands in exactly one shard, and the same input
 * always gives the same split. Each shard's files come back in path order.
 */
export function splitFiles(files: readonly WeightedFile[], shards: number): string[][] {
  const order = [...files].sort((a, b) => b.weight - a.weight || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const groups = Array.from({ length: shards }, () => ({ weight: 0, paths: [] as string[] }));
  for (const file of order) {
    let lightest = groups[0]!;
    for (const g of groups) if (g.weight < lightest.weight) lightest = g;
    lightest.weight += file.weight;
    lightest.paths.push(file.path);
  }
  return groups.map((g) => g.paths.sort());
}

/**
 * Each file's expected time from a previous report's tests: the sum of its tests' durations. A file the report does not
 * know (a new one) is taken to be as long as the known files' average, so it neither piles onto one shard nor counts as free.
 */
export function weighByDurations(
  paths: readonly string[],
  tests: readonly { readonly file?: string; readonly durationMs?: number }[],
): WeightedFile[] {
  const byFile = new Map<string, number>();
  for (const t of tests) if (t.file !== undefined) byFile.set(t.file, (byFile.get(t.file) ?? 0) + (t.durationMs ?? 0));
  const known = paths.filter((p) => byFile.has(p)).map((p) => byFile.get(p)!);
  const average = known.length > 0 ? known.reduce((a, b) => a + b, 0) / known.length : 1;
  // A file whose tests all took 0 ms still costs its load: at least 1, so it counts in the balance.
  return paths.map((path) => ({ path, weight: Math.max(1, byFile.get(path) ?? average) }));
}

/** A glob as a regular expression over `/`-separated relative paths: `**` any folders, `*` and `?` within a name, `{a,b}` either. */
export function globToRegExp(glob: string): RegExp {
  let out = '';
  let braces = 0;
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '*' && glob[i + 1] === '*') {
      const slash = glob[i + 2] === '/';
      out += slash ? '(?:[^/]*/)*' : '.*';
      i += slash ? 2 : 1;
    } else if (c === '*') out += '[^/]*';
    else if (c === '?') out += '[^/]';
    else if (c === '{') {
      braces++;
      out += '(?:';
    } else if (c === '}' && braces > 0) {
      braces--;
      out += ')';
    } else if (c === ',' && braces > 0) out += '|';
    else out += c.replace(/[.+^$()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${out}$`);
}

/** The folder a glob's matches all lie under: its leading parts with no wildcard (`test/unit` of `test/unit/**\/*.js`). */
export function globBase(glob: string): string {
  const parts = glob.split('/');
  const fixed: string[] = [];
  for (const part of parts.slice(0, -1)) {
    if (/[*?{]/.test(part)) break;
    fixed.push(part);
  }
  return fixed.join('/') || '.';
}

/** Whether a command-line word is a glob to expand rather than a file's path. */
export const isGlob = (word: string): boolean => /[*?{]/.test(word);
