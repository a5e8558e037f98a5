import { strict as assert } from 'node:assert';
import { normalizeFile } from '../../src/adapters/decorators/call-site';
import { firstUserFrame } from '../../src/own-code';

const OWN = ['/opt/hermetic/dist/'];

describe('stack frames and file names [small]', () => {
  it('skips a frame whose file:// URL names another host, which no local path can open', () => {
    const stack = [
      'Error',
      '    at load (file://build-server/srv/app/test/a.spec.mjs:3:9)',
      '    at Context.<anonymous> (/home/dev/app/test/b.spec.js:7:5)',
    ].join('\n');
    assert.deepEqual(firstUserFrame(stack, OWN), { file: '/home/dev/app/test/b.spec.js', line: '7', column: '5' });
  });

  it('writes a file:// URL as its path and leaves a path, a missing name and a foreign-host URL as they are', () => {
    assert.equal(normalizeFile('file:///home/dev/app/test/a.spec.mjs'), '/home/dev/app/test/a.spec.mjs');
    assert.equal(normalizeFile('/home/dev/app/test/a.spec.js'), '/home/dev/app/test/a.spec.js');
    assert.equal(normalizeFile(undefined), undefined);
    assert.equal(normalizeFile('file://build-server/srv/a.spec.mjs'), 'file://build-server/srv/a.spec.mjs');
  });
});
