import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

const SRC = resolve(__dirname, '..', '..', '..', 'src');

/** Every module specifier a TypeScript file imports or re-exports, statically or with require/import(). */
function specifiersOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const found: string[] = [];
  for (const m of text.matchAll(/(?:\bfrom\s+|\bimport\s*\(\s*|\brequire\s*\(\s*|^import\s+)'([^']+)'/gm)) found.push(m[1]!);
  return found;
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts'))
    .map((f) => join(dir, f));
}

describe('layers [medium]', () => {
  it('keeps every guard ignorant of the adapters: the Mocha plugin composes them', () => {
    const guards = join(SRC, 'guards');
    const crossings = filesUnder(guards).flatMap((file) =>
      specifiersOf(file)
        .filter((s) => s.startsWith('.') && resolve(file, '..', s).startsWith(join(SRC, 'adapters')))
        .map((s) => `${relative(SRC, file)} imports ${s}`),
    );
    assert.deepEqual(crossings, []);
  });
});
