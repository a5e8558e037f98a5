import { strict as assert } from 'node:assert';
import { parse } from '@babel/parser';
import { planFile } from '../../../../src/cli/tag/plan-tags';
import { parseSites } from '../../../../src/cli/tag/source-sites';
import { applyEdits } from '../../../../src/cli/tag/tag-command';
import type { ReportTitle } from '../../../../src/core/json-report';
import type { TestSize } from '../../../../src/core/size';

const TIMEOUTS = { small: 1000, medium: 300_000, large: 900_000, xlarge: 3_600_000 };

/** A test the suggest run saw: its title path, what it fit, how long it took. */
function seen(titlePath: string[], fits: TestSize, durationMs = 1, line?: number): ReportTitle {
  return {
    kind: 'test',
    id: `t.js > ${titlePath.join(' > ')}`,
    file: 't.js',
    titlePath,
    fits,
    durationMs,
    declared: null,
    ...(line ? { line } : {}),
  };
}

function tag(source: string, titles: ReportTitle[], lower = false) {
  const parsed = parseSites(parse as never, 't.js', source);
  const plan = planFile(parsed.sites, titles, { timeouts: TIMEOUTS, defaultSize: undefined, lower });
  return { text: applyEdits(source, plan.edits), plan };
}

describe('tag: what it writes where [small]', () => {
  it('tags a suite whose tests all fit one size, once, and each test of a mixed suite alone', () => {
    const source = `describe('a', () => {\n  it('one', () => {});\n  it("two", () => {});\n});\ndescribe('b', () => {\n  it('three', () => {});\n  it(\`four\`, () => {});\n});\n`;
    const { text } = tag(source, [
      seen(['a', 'one'], 'small'),
      seen(['a', 'two'], 'small'),
      seen(['b', 'three'], 'small'),
      seen(['b', 'four'], 'medium'),
    ]);
    assert.equal(
      text,
      `describe('a [small]', () => {\n  it('one', () => {});\n  it("two", () => {});\n});\ndescribe('b', () => {\n  it('three [small]', () => {});\n  it(\`four [medium]\`, () => {});\n});\n`,
    );
  });

  it('replaces a size tag that is too small rather than adding a second one', () => {
    const { text } = tag(`it('reads [Small] data', () => {});\n`, [seen(['reads [Small] data'], 'medium')]);
    assert.equal(text, `it('reads [medium] data', () => {});\n`);
  });

  it('lowers a declared size only with --lower', () => {
    const source = `describe('store [large]', () => {\n  it('reads', () => {});\n});\n`;
    const titles = [seen(['store [large]', 'reads'], 'small')];
    assert.equal(tag(source, titles).text, source);
    assert.equal(tag(source, titles, true).text, source.replace('[large]', '[small]'));
  });

  it('writes a size from the time taken only with a margin of half its time limit', () => {
    const source = `it('debounces', () => {});\n`;
    assert.equal(tag(source, [seen(['debounces'], 'small', 400)]).text, `it('debounces [small]', () => {});\n`);
    assert.equal(tag(source, [seen(['debounces'], 'small', 600)]).text, `it('debounces [medium]', () => {});\n`);
  });

  it('raises a suite whose hooks need more than its size, for its hooks run at that size', () => {
    const source = `describe('db [small]', () => {\n  before(() => {});\n  it('a [small]', () => {});\n  it('b', () => {});\n});\n`;
    const hooks: ReportTitle = { kind: 'suite', id: 't.js > db [small]', file: 't.js', titlePath: ['db [small]'], fits: 'medium' };
    const { text } = tag(source, [hooks, seen(['db [small]', 'a [small]'], 'medium'), seen(['db [small]', 'b'], 'large')]);
    assert.equal(
      text,
      `describe('db [medium]', () => {\n  before(() => {});\n  it('a [medium]', () => {});\n  it('b [large]', () => {});\n});\n`,
    );
  });

  it('reports a title built at run time with its line, and finds a fixed title under a suite built at run time by its line', () => {
    const source = `describe(\`\${kind} parser\`, () => {\n  for (const n of [1]) it(\`case \${n}\`, () => {});\n  it('reads', () => {});\n});\n`;
    const { text, plan } = tag(source, [seen(['json parser', 'case 1'], 'medium', 1, 2), seen(['json parser', 'reads'], 'small', 1, 3)]);
    assert.equal(text, source.replace("'reads'", "'reads [small]'"));
    assert.deepEqual(plan.untaggable, [{ line: 2, title: `\`case \${n}\``, size: 'medium' }]);
    assert.deepEqual(plan.notFound, []);
  });

  it('adds a size decorator to a class-based suite and imports it beside the other imports', () => {
    const source = `import { suite, test } from '@testdeck/mocha';\n\n@suite\nclass Totals {\n  @test sums() {}\n}\n`;
    const parsed = parseSites(parse as never, 't.ts', source);
    const plan = planFile(parsed.sites, [seen(['Totals', 'sums'], 'small')], { timeouts: TIMEOUTS, defaultSize: undefined, lower: false });
    const importing = parsed.importEdit(['Small']);
    assert.ok(importing);
    assert.equal(
      applyEdits(source, [...plan.edits, importing]),
      `import { suite, test } from '@testdeck/mocha';\nimport { Small } from 'hermetic';\n\n@Small\n@suite\nclass Totals {\n  @test sums() {}\n}\n`,
    );
  });

  it('reads a class decorated after export, in the standard decorator syntax', () => {
    const source = `import { suite, test } from '@testdeck/mocha';\n\nexport @suite class Totals {\n  @test sums() {}\n}\n`;
    const parsed = parseSites(parse as never, 't.ts', source);
    const plan = planFile(parsed.sites, [seen(['Totals', 'sums'], 'small')], { timeouts: TIMEOUTS, defaultSize: undefined, lower: false });
    assert.equal(
      applyEdits(source, plan.edits),
      `import { suite, test } from '@testdeck/mocha';\n\nexport @Small @suite class Totals {\n  @test sums() {}\n}\n`,
    );
  });
});
