import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { displayPath, isOwnStream, pathOf } from '../../../src/guards/filesystem/judge';
import { openOperation } from '../../../src/guards/filesystem/operations';
import { isTestsOwn } from '../../../src/guards/run-tools';
import { PACKAGE_ROOT } from '../../../src/own-code';

const frame = (where: string, fn = 'fn'): string => `    at ${fn} (${where}:10:5)`;
const stack = (...frames: string[]): string => ['Error', ...frames].join('\n');

describe('the filesystem guard: whose access it is [small]', () => {
  it("counts a read the test's own file makes, directly or through a library it calls", () => {
    assert.equal(isTestsOwn(stack(frame('node:fs'), frame('/p/test/a.spec.js'))), true);
    assert.equal(isTestsOwn(stack(frame('/p/node_modules/csv-writer/dist/index.js'), frame('/p/test/a.spec.js'))), true);
    assert.equal(isTestsOwn(stack(frame('node:internal/fs/streams'), frame('node:internal/process/task_queues'))), true);
  });

  it("never counts Node's module loader, whoever required", () => {
    assert.equal(isTestsOwn(stack(frame('node:internal/modules/cjs/loader'), frame('/p/test/a.spec.js'))), false);
    assert.equal(isTestsOwn(stack(frame('node:fs'), frame('node:internal/modules/esm/load'), frame('/p/test/a.mjs'))), false);
  });

  it('keeps a read at the top level of a module required lazily the test’s: the first frame decides', () => {
    assert.equal(isTestsOwn(stack(frame('/p/lib/config.js'), frame('node:internal/modules/cjs/loader'), frame('/p/test/a.spec.js'))), true);
  });

  it('never counts the known tools, hermetic, or stack formatting', () => {
    for (const tool of [
      'tsx/dist/cjs/index.cjs',
      'ts-node/dist/index.js',
      'typescript/lib/typescript.js',
      'c8/index.js',
      '@cspotcode/source-map-support/source-map-support.js',
    ]) {
      assert.equal(isTestsOwn(stack(frame(`/p/node_modules/${tool}`), frame('/p/test/a.spec.js'))), false, tool);
    }
    assert.equal(isTestsOwn(stack(frame(join(PACKAGE_ROOT, 'dist', 'hermetic.js')), frame('/p/test/a.spec.js'))), false);
    assert.equal(isTestsOwn(stack(frame('/p/lib/x.js'), frame('/p/lib/sms.js', 'Error.prepareStackTrace'))), false);
    assert.equal(isTestsOwn(stack(frame('/p/test/a.spec.js', 'prepareStackTraceCallback'))), false);
  });

  it('reads the path from a string, a Buffer or a file URL, and none from a descriptor', () => {
    assert.equal(pathOf('/p/a.txt'), '/p/a.txt');
    assert.equal(pathOf(Buffer.from('/p/a.txt')), '/p/a.txt');
    assert.equal(pathOf(new URL('file:///p/a.txt')), '/p/a.txt');
    assert.equal(pathOf(1), undefined);
    assert.equal(pathOf(new URL('https://example.com/')), undefined);
  });

  it("lets writes to the process's own output and the null device through", () => {
    assert.ok(isOwnStream('/dev/null') && isOwnStream('/dev/stdout') && isOwnStream('/dev/stderr'));
    assert.ok(!isOwnStream('/dev/sda') && !isOwnStream('/tmp/out.log'));
  });

  it('names an open by its flags', () => {
    assert.equal(openOperation(undefined), 'read');
    assert.equal(openOperation('r'), 'read');
    assert.equal(openOperation('rs'), 'read');
    assert.equal(openOperation('r+'), 'write');
    assert.equal(openOperation('wx'), 'write');
    assert.equal(openOperation(0), 'read');
    assert.equal(openOperation(1 | 64), 'write');
  });

  it('shows paths relative to the project, and absolute outside it', () => {
    assert.equal(displayPath('/p/test/out/report.csv', '/p'), 'test/out/report.csv');
    assert.equal(displayPath('/etc/passwd', '/p'), '/etc/passwd');
  });
});
