import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { marked, type Tokens } from 'marked';
import { type ResolvedConfig, readObject, resolveConfig } from '../../../src/core/config';
import { computeDistribution } from '../../../src/core/distribution';
import { formatJobSummary, formatShardJobSummary } from '../../../src/core/job-summary';
import { createViolation, type Violation } from '../../../src/core/violation';

// Read as the file loads, not in the test: a small test touches no file.
const GOLDEN = readFileSync(join(__dirname, 'golden', 'job-summary.md'), 'utf8');

function configOf(options: Record<string, unknown>): ResolvedConfig {
  const { config, problems } = resolveConfig([readObject(options, 'test').layer]);
  assert.deepEqual(problems, []);
  return config;
}

function violation(testId: string, fields: Partial<Violation>): Violation {
  const [file, ...titlePath] = testId.split(' > ');
  return createViolation({
    kind: 'network',
    testId,
    file: file!,
    titlePath,
    size: 'small',
    outcome: 'warned',
    time: '2026-11-30T08:00:00.000Z',
    ...fields,
  });
}

const http = { transport: 'tcp', host: 'api.example.com', port: 443, protocol: 'https' } as const;
const VIOLATIONS: Violation[] = [
  violation('test/b.spec.js > Api [small] > fetches a user', { target: http }),
  violation('test/a.spec.js > Repo [small] > loads a row', { target: { transport: 'tcp', host: '127.0.0.1', port: 5432 } }),
  violation('test/a.spec.js > Repo [small] > caches it', { target: { transport: 'tcp', host: '127.0.0.1', port: 6379 } }),
  violation('test/c.spec.js > Api [small] > lists users', { target: http }),
  violation('test/c.spec.js > Api [small] > pages users', { target: http }),
  violation('test/d.spec.js > Api [medium] > charges | refunds', { target: http, size: 'medium' }),
  violation('test/e.spec.js > Tools [small] > runs a tool', { kind: 'subprocess', command: 'git status' }),
];

function mergedSummary(): string {
  const config = configOf({ enforcement: 'warn', distribution: 'strict' });
  const distribution = computeDistribution({ small: 17, medium: 4, large: 1, xlarge: 1, unsized: 6 }, config.targets, config.tolerance);
  return formatJobSummary({ distribution, violations: VIOLATIONS, config, failures: 0, mergedShards: 5 });
}

describe('the GitHub Actions job summary [small]', () => {
  it('is the golden file for the shards of a suite merged', () => {
    assert.equal(mergedSummary(), GOLDEN);
  });

  it('renders the pyramid as a table, and the violations as a list with the first few tests of each kind', () => {
    const tokens = marked.lexer(mergedSummary());
    const table = tokens.find((t): t is Tokens.Table => t.type === 'table');
    assert.ok(table, 'a table');
    assert.deepEqual(
      table.header.map((cell) => cell.text),
      ['size', 'tests', 'share', '', 'target', 'status'],
    );
    assert.deepEqual(
      table.rows.map((row) => [row[0]!.text, row[1]!.text, row[5]!.text]),
      [
        ['small', '17', 'below target'],
        ['medium', '4', 'on target'],
        ['large + xlarge', '2', 'on target'],
        ['unsized', '6', 'not counted in the shares'],
      ],
    );
    assert.equal(table.rows[0]![3]!.text, '███████░░░', 'a bar of ten cells for 73.9%');
    const list = tokens.find((t): t is Tokens.List => t.type === 'list');
    assert.ok(list, 'a list of violations by kind');
    const items = list.items.map((item) => item.text);
    assert.equal(items.length, 4);
    assert.match(
      items[0]!,
      /^\*\*HTTP\(S\)\*\* \(4\): `test\/b\.spec\.js > Api \[small\] > fetches a user`, `test\/c\.spec\.js > Api \[small\] > lists users`, `test\/c\.spec\.js > Api \[small\] > pages users`, and 1 more$/,
    );
    const headings = tokens.filter((t): t is Tokens.Heading => t.type === 'heading').map((h) => h.text);
    assert.deepEqual(headings, [
      'hermetic: test sizes (5 shards merged)',
      'Violations: 7 violations in 7 tests (enforcement: warn)',
      'Verdict',
    ]);
    assert.equal(
      tokens.at(-1)?.type === 'space' ? tokens.at(-2)?.raw.trim() : tokens.at(-1)?.raw.trim(),
      '**Failed**: the test pyramid is outside its targets (distribution: strict).',
    );
  });

  it('passes a run with no failures whose pyramid is on target, and names its failures otherwise', () => {
    const config = configOf({ distribution: 'strict' });
    const distribution = computeDistribution({ small: 8, medium: 2, large: 0, xlarge: 0, unsized: 0 }, config.targets, config.tolerance);
    assert.match(
      formatJobSummary({ distribution, violations: [], config, failures: 0 }),
      /### Violations\n\nNone\.\n\n### Verdict\n\n\*\*Passed\*\*\.\n$/,
    );
    assert.match(formatJobSummary({ distribution, violations: [], config, failures: 2 }), /\*\*Failed\*\*: 2 failures\.\n$/);
  });

  it('is one line for a shard', () => {
    assert.equal(
      formatShardJobSummary({ index: 2, total: 5 }, 12, 1),
      'hermetic: shard 2/5 ran 12 tests with 1 violation; the pyramid and the verdict wait for `npx hermetic merge`.\n',
    );
  });
});
