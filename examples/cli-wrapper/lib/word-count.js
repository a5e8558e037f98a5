const { execFile } = require('node:child_process');
const { join } = require('node:path');

const TOOL = join(__dirname, '..', 'bin', 'word-count.js');

/** The command and arguments that count the words of `text`: a plain function, tested without any process. */
function wordCountCommand(text) {
  return { command: process.execPath, args: [TOOL, text] };
}

/** Runs a command and resolves with its standard output: the real runner, the one small tests replace. */
function runCommand(command, args) {
  return new Promise((resolve, reject) => {
    execFile(command, args, { encoding: 'utf8' }, (err, stdout) => (err ? reject(err) : resolve(stdout)));
  });
}

/** Counts the words of `text` with the command-line tool, through `run` (the real runner unless one is injected). */
async function countWords(text, run = runCommand) {
  const { command, args } = wordCountCommand(text);
  return JSON.parse(await run(command, args)).words;
}

module.exports = { countWords, runCommand, wordCountCommand };
