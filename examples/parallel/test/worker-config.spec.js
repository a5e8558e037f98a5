'use strict';
const assert = require('node:assert');
const { sizeOf } = require('hermetic');

describe('in a parallel worker [small]', () => {
  it('runs in a worker process', () => {
    assert.ok(process.env.MOCHA_WORKER_ID !== undefined, 'expected to run in a --parallel worker');
  });

  it('holds the test to its size', function () {
    assert.strictEqual(sizeOf(this.test), 'small');
  });

  it('has the time limit from .mocharc.yml', function () {
    assert.strictEqual(this.timeout(), 2000);
  });
});
