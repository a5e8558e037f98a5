import { strict as assert } from 'node:assert';
import { globBase, globToRegExp, splitFiles, weighByDurations } from '../../../src/core/split';

describe('splitting spec files into shards [small]', () => {
  const files = Array.from({ length: 23 }, (_, i) => ({
    path: `test/f${String(i).padStart(2, '0')}.spec.js`,
    weight: ((i * 37) % 11) + 1,
  }));

  it('gives every file to exactly one shard, for every number of shards', () => {
    for (let shards = 1; shards <= files.length; shards++) {
      const split = splitFiles(files, shards);
      assert.equal(split.length, shards);
      assert.deepEqual(split.flat().sort(), files.map((f) => f.path).sort());
    }
  });

  it('keeps the shards within the heaviest file of each other', () => {
    const weight = new Map(files.map((f) => [f.path, f.weight]));
    const totals = splitFiles(files, 4).map((paths) => paths.reduce((sum, p) => sum + weight.get(p)!, 0));
    assert.ok(Math.max(...totals) - Math.min(...totals) <= Math.max(...files.map((f) => f.weight)), String(totals));
  });

  it('gives the same split for the same files in any order', () => {
    assert.deepEqual(splitFiles([...files].reverse(), 5), splitFiles(files, 5));
  });

  it('weighs files by their tests durations, and a file the report does not know by the average', () => {
    const weights = weighByDurations(
      ['a.js', 'b.js', 'new.js'],
      [
        { file: 'a.js', durationMs: 300 },
        { file: 'a.js', durationMs: 100 },
        { file: 'b.js', durationMs: 0 },
        { file: 'gone.js', durationMs: 5000 },
      ],
    );
    assert.deepEqual(weights, [
      { path: 'a.js', weight: 400 },
      { path: 'b.js', weight: 1 },
      { path: 'new.js', weight: 200 },
    ]);
  });

  it('reads globs as Mocha users write them', () => {
    const match = (glob: string, path: string) => globToRegExp(glob).test(path);
    assert.ok(match('test/**/*.spec.js', 'test/a.spec.js'));
    assert.ok(match('test/**/*.spec.js', 'test/unit/deep/a.spec.js'));
    assert.ok(!match('test/*.spec.js', 'test/unit/a.spec.js'));
    assert.ok(match('test/*.{js,ts}', 'test/a.ts'));
    assert.ok(!match('test/*.{js,ts}', 'test/a.tsx'));
    assert.ok(!match('test/a.spec.js', 'test/aXspec.js'), 'a dot is a dot');
    assert.equal(globBase('test/unit/**/*.js'), 'test/unit');
    assert.equal(globBase('*.js'), '.');
  });
});
