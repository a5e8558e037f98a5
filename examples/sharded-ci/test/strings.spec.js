const assert = require('node:assert');

describe('Strings [small]', () => {
  for (const word of ['alpha', 'beta', 'gamma', 'delta', 'epsilon', 'zeta', 'eta', 'theta']) {
    it(`upper-cases ${word}`, () => assert.equal(word.toUpperCase().toLowerCase(), word));
  }
});
