import { strict as assert } from 'node:assert';
import { type DistributionTargets, resolveConfig } from '../../../src/core/config';
import { computeDistribution } from '../../../src/core/distribution';
import { emptyResults } from '../../../src/core/run-results';
import { formatSummary } from '../../../src/core/summary';

/** The three share rows of a summary whose pyramid has these targets and tolerance. */
function shareRows(targets: DistributionTargets, tolerance: number): string[] {
  const { config } = resolveConfig([]);
  const counts = { small: 7, medium: 2, large: 1, xlarge: 1, unsized: 0 };
  const text = formatSummary({
    results: emptyResults(false, false),
    distribution: computeDistribution(counts, targets, tolerance),
    config,
  });
  return text.split('\n').filter((line) => /^ {2}(small|medium|large) /.test(line));
}

describe('summary layout [small]', () => {
  const cases: [DistributionTargets, number][] = [
    [{ small: 80, medium: 15, large: 5 }, 5],
    [{ small: 50, medium: 40, large: 10 }, 5],
    [{ small: 33.5, medium: 33.25, large: 33.25 }, 12.5],
    [{ small: 0, medium: 0, large: 100 }, 100],
  ];
  for (const [targets, tolerance] of cases) {
    it(`keeps the status column apart from the targets at ${targets.small}/${targets.medium}/${targets.large} ±${tolerance}`, () => {
      const rows = shareRows(targets, tolerance);
      assert.equal(rows.length, 3);
      const statusAt = rows.map((row) => row.search(/(on|below|above) target$/));
      assert.ok(
        statusAt.every((at) => at === statusAt[0]),
        `one status column:\n${rows.join('\n')}`,
      );
      for (const row of rows) assert.match(row, /\S {2,}(on|below|above) target$/, `two spaces before the status:\n${rows.join('\n')}`);
      assert.match(rows[2]!, new RegExp(`target ${targets.large}% ±${tolerance} \\(large \\+ xlarge\\) {2}`));
    });
  }
});
