'use strict';
// CommonJS entry of `hermetic/mocha`, the root-hook plugin: Mocha reads `mochaHooks` from it.
exports.mochaHooks = require('../dist/hermetic.js').createRootHooks();
