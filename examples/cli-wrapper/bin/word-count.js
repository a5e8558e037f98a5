#!/usr/bin/env node
// The command-line tool the wrapper runs: prints the number of words in its arguments, as JSON.
const words = process.argv
  .slice(2)
  .flatMap((a) => a.split(/\s+/))
  .filter((w) => w !== '');
process.stdout.write(`${JSON.stringify({ words: words.length })}\n`);
