/**
 * A small legacy suite, the way projects have them: CommonJS and ES modules, nested describes, hooks that start a local
 * server, a slow test, titles in all three quote styles, template titles with and without expressions, TypeScript with
 * types, and @testdeck/mocha classes with and without hermetic's decorators. Nothing in it declares a size.
 */
export const LEGACY_SUITE: Record<string, string> = {
  'package.json': JSON.stringify({ name: 'legacy-shop', private: true }),
  '.mocharc.json': JSON.stringify({
    require: ['tsx/cjs', 'hermetic/mocha'],
    extension: ['js', 'mjs', 'ts'],
    spec: ['test/**/*.spec.*'],
  }),
  'tsconfig.json': JSON.stringify({ compilerOptions: { target: 'ES2022', experimentalDecorators: true, strict: true } }),

  // Every test and hook small: the suite gets the tag, once.
  'test/unit/orders.spec.js': `const assert = require('node:assert');

// Totals and discounts.
describe('orders', () => {
  let total;
  beforeEach(() => {
    total = 0;
  });

  it('totals the lines', () => {
    total += 5;
    assert.strictEqual(total, 5);
  });

  it("handles an empty cart", () => assert.strictEqual(total, 0));

  describe(\`discounts\`, () => {
    it(\`applies 10%\`, () => assert.strictEqual(Math.round(100 * 0.9), 90));
  });
});
`,

  // ESM; a before hook connects to a loopback server, so every test of the suite is medium through it.
  'test/integration/store.spec.mjs': `import assert from 'node:assert';
import net from 'node:net';

describe('store', function () {
  let server;
  let port;
  before((done) => {
    server = net.createServer((socket) => socket.end()).listen(0, '127.0.0.1', () => {
      port = server.address().port;
      // Warms the store up: the hook itself reaches loopback.
      net.connect(port, '127.0.0.1', function () {
        this.end();
        done();
      });
    });
  });
  after((done) => server.close(done));

  it('reads a record', (done) => {
    const client = net.connect(port, '127.0.0.1', () => {
      client.end();
      done();
    });
  });

  it('parses a record', () => assert.deepStrictEqual(JSON.parse('{"a":1}'), { a: 1 }));
});
`,

  // Mixed sizes: each test alone. CRLF line endings, which stay.
  'test/unit/api.spec.js': [
    "const net = require('node:net');",
    '',
    "describe('api client', () => {",
    "  it('builds a url', () => {});",
    '',
    "  it('talks to the local server', (done) => {",
    '    const server = net.createServer((s) => s.end()).listen(0, "127.0.0.1", () => {',
    "      net.connect(server.address().port, '127.0.0.1', function () { this.end(); server.close(done); });",
    '    });',
    '  });',
    '',
    '  // 600 ms fits small (1 s), but not with the margin one slow run needs.',
    "  it('waits for the debounce', (done) => setTimeout(done, 600));",
    '',
    "  for (const method of ['GET', 'POST']) {",
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the fixture's own template literal, written into its file.
    '    it(`accepts ${method}`, () => {});',
    '  }',
    '',
    "  describe('methods', () => {",
    "    for (const method of ['PUT', 'DELETE']) {",
    // biome-ignore lint/suspicious/noTemplateCurlyInString: as above.
    '      it(`sends ${method}`, () => {});',
    '    }',
    '  });',
    '});',
    '',
  ].join('\r\n'),

  // TypeScript: types, a suite title built at run time over tests with fixed titles.
  'test/unit/parser.spec.ts': `import { strict as assert } from 'node:assert';
import * as net from 'node:net';

interface Sample {
  readonly text: string;
}

const format: string = 'json';
const sample: Sample = { text: '[1]' };

describe(\`\${format} parser\`, () => {
  it('reads a list', () => {
    assert.deepEqual(JSON.parse(sample.text), [1]);
  });

  it('reads from a local socket', async () => {
    const server = net.createServer((s) => s.end());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    const { port } = server.address() as net.AddressInfo;
    await new Promise<void>((resolve) => net.connect(port, '127.0.0.1', resolve).end());
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
});
`,

  // testdeck classes, without hermetic's decorators yet: the import is added.
  'test/unit/invoice.spec.ts': `import { strict as assert } from 'node:assert';
import { suite, test } from '@testdeck/mocha';

@suite
class InvoiceTotals {
  @test
  sumsLines(): void {
    assert.equal(1 + 2, 3);
  }

  @test('rounds to cents')
  rounds(): void {
    assert.equal(Math.round(1.005 * 100) / 100, 1);
  }
}
`,

  // A class that already declares small, with one method that reaches loopback: that method is raised.
  'test/integration/registry.spec.ts': `import { suite, test } from '@testdeck/mocha';
import * as net from 'node:net';
import { Small } from 'hermetic';

@suite
@Small
export class Registry {
  @test
  listsNames(): void {}

  @test
  async pingsTheLocalRegistry(): Promise<void> {
    const server = net.createServer((s) => s.end());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    const { port } = server.address() as net.AddressInfo;
    await new Promise<void>((resolve) => net.connect(port, '127.0.0.1', resolve).end());
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
`,
};
