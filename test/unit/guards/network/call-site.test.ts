import { strict as assert } from 'node:assert';
import { captureCallSite, protocolFromStack, userCallSite } from '../../../../src/guards/network/call-site';

const CWD = '/home/dev/app';
const OWN = ['/home/dev/app/node_modules/hermetic/dist/', '/opt/hermetic/dist/'];

describe('call-site extraction [small]', () => {
  it('skips node:, node_modules and hermetic frames and prints the first user frame relative to cwd', () => {
    const stack = [
      'Error',
      '    at Socket.connect (/opt/hermetic/dist/guards/network/socket-intent.js:40:9)',
      '    at Object.connect (node:net:240:17)',
      '    at Client.connect (/home/dev/app/node_modules/pg/lib/client.js:120:5)',
      '    at async Promise.all (index 0)',
      '    at UserRepo.load (/home/dev/app/src/users/repo.ts:42:11)',
      '    at Context.<anonymous> (/home/dev/app/test/users.test.ts:9:3)',
    ].join('\n');
    assert.equal(userCallSite(stack, CWD, OWN), 'src/users/repo.ts:42:11');
  });

  it('reads file:// URLs of ES modules and frames without a function name', () => {
    const stack = ['Error', '    at node:internal/deps/undici/undici:13502:13', '    at file:///home/dev/app/test/api.test.mjs:12:20'].join(
      '\n',
    );
    assert.equal(userCallSite(stack, CWD, OWN), 'test/api.test.mjs:12:20');
  });

  it('keeps an absolute path outside cwd and gives nothing when only library frames exist', () => {
    assert.equal(userCallSite('Error\n    at x (/srv/other/a.js:1:2)', CWD, OWN), '/srv/other/a.js:1:2');
    assert.equal(userCallSite('Error\n    at processTicksAndRejections (node:internal/process/task_queues:95:5)', CWD, OWN), undefined);
  });

  it('names the client from library frames', () => {
    assert.equal(protocolFromStack('at node:internal/deps/undici/undici:1:1', false), 'http');
    assert.equal(protocolFromStack('at ClientRequest (node:_http_client:1:1)', true), 'https');
    assert.equal(protocolFromStack('at connect (node:internal/http2/core:1:1)', true), 'http2');
    assert.equal(protocolFromStack('at initAsClient (/a/node_modules/ws/lib/websocket.js:1:1)', false), 'websocket');
    assert.equal(protocolFromStack('at Object.connect (node:net:1:1)', false), undefined);
    // A project living in a folder named like a client is not that client.
    assert.equal(protocolFromStack('at Context.<anonymous> (/home/u/http2/test/a.spec.js:1:1)', false), undefined);
    assert.equal(protocolFromStack('at Context.<anonymous> (/srv/got/test/a.spec.js:1:1)', true), 'tls');
  });

  it('captures this very line through a deep stack', () => {
    const deep = (n: number): ReturnType<typeof captureCallSite> => (n === 0 ? captureCallSite() : deep(n - 1));
    const { callSite } = deep(30);
    assert.match(callSite ?? '', /^test\/unit\/guards\/network\/call-site\.test\.ts:\d+:\d+$/);
  });
});
