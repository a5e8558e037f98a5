import assert from 'node:assert';
import { createServer } from 'node:http';
import { sizeOf } from 'hermetic';
import nock from 'nock';
import { checkHealth } from '../lib/status-page.js';

describe('status page', () => {
  describe('[small] with nock', () => {
    afterEach(() => nock.cleanAll());

    it('reads 200 as up', async () => {
      nock('http://billing.example.com').get('/health').reply(200);
      assert.strictEqual(await checkHealth('http://billing.example.com'), 'up');
    });

    it('knows its own size', function () {
      assert.strictEqual(sizeOf(this.test), 'small');
    });
  });

  describe('[medium] with a local server', () => {
    let server;
    let baseUrl;

    before(async () => {
      server = createServer((_req, res) => {
        res.statusCode = 503;
        res.end();
      });
      await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
      baseUrl = `http://127.0.0.1:${server.address().port}`;
    });

    after(() => new Promise((resolve) => server.close(resolve)));

    it('reads 503 as down', async () => {
      assert.strictEqual(await checkHealth(baseUrl), 'down');
    });
  });
});
