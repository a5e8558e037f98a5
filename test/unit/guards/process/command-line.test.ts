import { strict as assert } from 'node:assert';
import { COMMAND_SHOWN_CHARS, commandLine } from '../../../../src/guards/process/command-line';

const NODE = '/opt/node/bin/node';

describe('the command a subprocess report shows [small]', () => {
  it('shows the argv as it was asked for', () => {
    assert.equal(commandLine('curl', ['curl', '-s', 'https://api.example.com'], NODE), 'curl -s https://api.example.com');
  });

  it('peels the shell off exec and execSync', () => {
    assert.equal(commandLine('/bin/sh', ['/bin/sh', '-c', 'curl -s https://x | jq .'], NODE), 'curl -s https://x | jq .');
    assert.equal(commandLine('C:\\Windows\\system32\\cmd.exe', ['cmd.exe', '/d', '/s', '/c', '"git status"'], NODE), 'git status');
  });

  it("shows Node's own path as node and quotes arguments with spaces", () => {
    assert.equal(commandLine(NODE, [NODE, '-e', 'process.exit(0)'], NODE), 'node -e "process.exit(0)"');
  });

  it('cuts a long command to a readable length', () => {
    const shown = commandLine('echo', ['echo', 'x'.repeat(500)], NODE);
    assert.equal(shown.length, COMMAND_SHOWN_CHARS);
    assert.ok(shown.endsWith('…'));
  });
});
