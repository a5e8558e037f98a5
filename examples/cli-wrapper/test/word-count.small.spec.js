const assert = require('node:assert');
const { countWords, wordCountCommand } = require('../lib/word-count');

describe('word count wrapper [small]', () => {
  it('builds the command and its arguments', () => {
    const { command, args } = wordCountCommand('two words');
    assert.strictEqual(command, process.execPath);
    assert.match(args[0], /word-count\.js$/);
    assert.strictEqual(args[1], 'two words');
  });

  it('parses the tool output through an injected runner, with no process started', async () => {
    const asked = [];
    const fakeRun = async (command, args) => {
      asked.push([command, args[1]]);
      return '{"words":3}\n';
    };
    assert.strictEqual(await countWords('one two three', fakeRun), 3);
    assert.deepStrictEqual(asked, [[process.execPath, 'one two three']]);
  });
});
