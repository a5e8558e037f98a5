const assert = require('node:assert');
const { countWords } = require('../lib/word-count');

// A medium test may start a child process: this one runs the real tool. A child Node process is held to the test's
// size (loopback only); this one reaches nothing.
describe('word count tool [medium]', () => {
  it('counts words with the real command-line tool', async () => {
    assert.strictEqual(await countWords('the quick brown fox'), 4);
  });
});
