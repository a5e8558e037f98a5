import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { captureStack } from '../../../src/guards/call-site';

/** The stack Node's own formatter gives for the frames above `below`, as captureStack asks for them. */
function nodeFormatted(below: Function): string {
  const holder: { stack?: string } = {};
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 200;
  Error.captureStackTrace(holder, below);
  Error.stackTraceLimit = limit;
  return holder.stack!;
}

/** Read at load time, where files are allowed: a small test may not read them. */
const SOURCE_LINES = readFileSync(__filename, 'utf8').split('\n');

/** The line of this file that holds `marker`, 1-based: where a source-mapped frame points. */
function lineOf(marker: string): number {
  return SOURCE_LINES.findIndex((line) => line.includes(marker) && !line.includes('lineOf(')) + 1;
}

describe('captureStack [small]', () => {
  it("gives the text of Node's own formatter, frame for frame, and leaves the stack settings as they were", () => {
    const prepare = Error.prepareStackTrace;
    const limit = Error.stackTraceLimit;
    const enabled = process.sourceMapsEnabled;
    function attemptSite(): [string, string] {
      return [captureStack(attemptSite), nodeFormatted(attemptSite)];
    }
    try {
      process.setSourceMapsEnabled(false);
      const [captured, formatted] = attemptSite();
      assert.equal(captured, formatted);
      assert.match(captured, /^Error\n {4}at /);
    } finally {
      process.setSourceMapsEnabled(enabled);
    }
    assert.equal(Error.prepareStackTrace, prepare);
    assert.equal(Error.stackTraceLimit, limit);
  });

  it('leaves the formatting to Node while source maps are on, so the frames point into the TypeScript source', () => {
    const enabled = process.sourceMapsEnabled;
    function mapped(): string {
      return captureStack(mapped);
    }
    try {
      process.setSourceMapsEnabled(true);
      const stack = mapped(); // mapped-call
      assert.ok(stack.includes(`call-site.test.ts:${lineOf('// mapped-call')}:`), stack);
    } finally {
      process.setSourceMapsEnabled(enabled);
    }
  });
});
