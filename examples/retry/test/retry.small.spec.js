const assert = require('node:assert');
const sinon = require('sinon');
const { withRetry } = require('../lib/retry');

describe('withRetry [small]', () => {
  let clock;
  beforeEach(() => {
    clock = sinon.useFakeTimers();
  });
  afterEach(() => clock.restore());

  it('tries again after 200 ms, then 400 ms, on fake time', async () => {
    const calls = [];
    const result = withRetry(async (n) => {
      calls.push(clock.now);
      if (n < 3) throw new Error('busy');
      return 'ok';
    });
    await clock.tickAsync(600);
    assert.strictEqual(await result, 'ok');
    assert.deepStrictEqual(calls, [0, 200, 600]);
  });

  it('gives up after the last try', async () => {
    const result = withRetry(async () => {
      throw new Error('down');
    });
    const settled = assert.rejects(result, /down/);
    await clock.tickAsync(600);
    await settled;
  });
});
