import { strict as assert } from 'node:assert';
import { readObject, resolveConfig } from '../../../src/core/config';

/** The one problem line a config file's value gets. */
function problemOf(options: Record<string, unknown>): string[] {
  return resolveConfig([readObject(options, 'package.json ("hermetic")').layer]).problems;
}

describe('config values of the wrong shape [small]', () => {
  it('names the option, the value, what was expected and an example, for each option of the wrong type', () => {
    assert.deepEqual(problemOf({ timeouts: [1] }), [
      'invalid timeouts [1] in package.json ("hermetic").timeouts: expected an object of sizes; write sizes with durations, e.g. { small: "2s", medium: "60s" }',
    ]);
    assert.deepEqual(problemOf({ allow: { host: 'db.local' } }), [
      'invalid allow {"host":"db.local"} in package.json ("hermetic").allow: expected a list of targets; write a list, e.g. ["db.test.local:5432", "10.0.0.0/8", "unix:/tmp/app.sock"]',
    ]);
    assert.deepEqual(problemOf({ report: '' }), [
      'invalid report "" in package.json ("hermetic").report: expected a file path such as "hermetic-report.json"',
    ]);
    assert.deepEqual(problemOf({ distribution: 'loud' }), [
      'invalid distribution "loud" in package.json ("hermetic").distribution: expected one of strict, warn, off',
    ]);
  });

  it('refuses xlarge as a pyramid target, since large covers it', () => {
    assert.deepEqual(problemOf({ targets: { xlarge: 5 } }), [
      'invalid targets {"xlarge":5} in package.json ("hermetic").targets: "xlarge" is not a target; expected small, medium, large (large covers xlarge too); write sizes with percentages, e.g. { small: 70, medium: 20, large: 10 }',
    ]);
  });
});
