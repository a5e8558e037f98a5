#!/usr/bin/env node
'use strict';
// `npx hermetic <command>`: the package's command-line tool.
require('../dist/cli.js')
  .main(process.argv.slice(2))
  .then((code) => {
    process.exitCode = code;
  });
