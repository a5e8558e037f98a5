'use strict';
// CommonJS entry of `hermetic/mocha`, the root-hook plugin: Mocha reads `mochaHooks` from it.
const bundle = require('./bundle.js');

exports.mochaHooks = bundle.hermetic.createRootHooks();
bundle.cacheCompiledCodeAtExit();
