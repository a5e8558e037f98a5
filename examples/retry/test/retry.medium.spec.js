const assert = require('node:assert');
const { withRetry } = require('../lib/retry');

describe('withRetry [medium]', () => {
  it('waits the real backoff between tries', async () => {
    const started = Date.now();
    let calls = 0;
    const result = await withRetry(
      async () => {
        calls++;
        if (calls < 2) throw new Error('busy');
        return 'ok';
      },
      { backoffMs: 100 },
    );
    assert.strictEqual(result, 'ok');
    assert.ok(Date.now() - started >= 95, 'it slept between the tries');
  });
});
