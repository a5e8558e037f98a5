const assert = require('node:assert');
const http = require('node:http');

describe('Api [medium]', () => {
  let server;
  let port;
  before((done) => {
    server = http
      .createServer((req, res) => res.end(req.url))
      .listen(0, '127.0.0.1', () => {
        port = server.address().port;
        done();
      });
  });
  after((done) => server.close(done));

  for (const path of ['/users', '/orders', '/health']) {
    it(`answers ${path} on this machine`, async () => {
      const res = await fetch(`http://127.0.0.1:${port}${path}`);
      assert.equal(await res.text(), path);
    });
  }
});
