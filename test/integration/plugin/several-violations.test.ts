import { strict as assert } from 'node:assert';
import { createProject, type Project, runMocha } from '../../helpers/run-mocha';

/**
 * Two violations in one runnable: a timeout above the small limit, then a fetch a small test may not make
 * (to a closed loopback port (1 is one fetch refuses itself), so that warn mode, which lets it through, sends nothing off the machine).
 */
const BOTH = `this.timeout(8000);
    await fetch('http://127.0.0.1:2/users')`;

describe('a test or hook with several violations [medium]', function () {
  let project: Project | undefined;
  afterEach(() => project?.remove());

  async function run(spec: string, args: string[] = []) {
    project = createProject({ '.mocharc.yml': 'require: hermetic/mocha\n', 'test/t.spec.js': spec });
    return runMocha(project.dir, { args });
  }

  /** The box headings of a failure's message, in order. */
  const details = (message: string | undefined) => (message ?? '').match(/^(Requested timeout: .*|Attempted connection to: .*)$/gm) ?? [];

  it('fails with every violation, in the order they happened, whether the test awaits, swallows or rethrows', async () => {
    const r = await run(`describe('Api [small]', function () {
  it('awaits', async function () {
    ${BOTH};
  });
  it('swallows', async function () {
    ${BOTH}.catch(() => {});
  });
  it('rethrows hermetic\\'s error', async function () {
    ${BOTH}.catch((e) => { throw e.cause; });
  });
});`);
    assert.equal(r.json?.stats.failures, 3, JSON.stringify(r.json?.passes));
    for (const f of r.json!.failures) {
      assert.deepEqual(
        details(f.err.message),
        ['Requested timeout: 8000 ms, above the 1 s limit for SMALL tests', 'Attempted connection to: 127.0.0.1:2'],
        `${f.title}: ${f.err.message}`,
      );
      assert.match(f.err.message ?? '', /^2 violations, in the order they happened:$/m);
      assert.equal(f.err.code, 'ERR_HERMETIC_VIOLATION');
      const { violation, violations } = f.err as unknown as { violation: { kind: string }; violations: ({ kind: string } | null)[] };
      assert.equal(violation.kind, 'time', 'err.violation stays the first blocked one');
      // Mocha's JSON reporter writes an object once: violations[0] is err.violation, so it comes out empty here.
      assert.equal(violations.length, 2);
      assert.equal(violations[1]?.kind, 'network');
    }
  });

  it('fails a hook with every violation it committed', async () => {
    const r = await run(`describe('Api [small]', function () {
  beforeEach(async function () {
    ${BOTH};
  });
  it('never runs', function () {});
});`);
    assert.equal(r.json?.stats.failures, 1);
    const message = r.json!.failures[0]!.err.message;
    assert.deepEqual(
      details(message),
      ['Requested timeout: 8000 ms, above the 1 s limit for SMALL tests', 'Attempted connection to: 127.0.0.1:2'],
      message,
    );
    assert.equal(message?.match(/^In: "before each" hook/gm)?.length, 2, message);
  });

  it('keeps a single violation in one box, as before', async () => {
    const r = await run(`describe('Api [small]', function () {
  it('fetches', async function () { await fetch('http://127.0.0.1:2/users'); });
});`);
    const err = r.json!.failures[0]!.err;
    assert.equal(err.message?.match(/^HermeticityViolationError$/gm)?.length, 1, err.message);
    assert.doesNotMatch(err.message ?? '', /violations, in the order/);
    assert.equal((err as unknown as { violations: unknown[] }).violations.length, 1);
  });

  it('in warn mode prints each violation, in order, and passes', async () => {
    const r = await run(
      `describe('Api [small]', function () {
  it('does both', async function () {
    ${BOTH}.catch(() => {});
  });
});`,
      ['--hermetic-enforcement=warn'],
    );
    assert.equal(r.code, 0, JSON.stringify(r.json?.failures));
    const warnings = r.stderr.match(/^(Time limit|Network access) violation \(hermetic, enforcement: warn\)$/gm);
    assert.deepEqual(
      warnings,
      ['Time limit violation (hermetic, enforcement: warn)', 'Network access violation (hermetic, enforcement: warn)'],
      r.stderr,
    );
  });
});
