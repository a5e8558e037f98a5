const assert = require('node:assert');

describe('Math [small]', () => {
  for (const [a, b, sum] of [
    [1, 2, 3],
    [2, 2, 4],
    [0, 5, 5],
    [-1, 1, 0],
    [10, -3, 7],
    [7, 8, 15],
    [100, 1, 101],
    [3, 3, 6],
  ]) {
    it(`adds ${a} and ${b}`, () => assert.equal(a + b, sum));
  }
});
