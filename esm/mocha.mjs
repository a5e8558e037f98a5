// ESM entry of the root-hook plugin: the same instance as the CommonJS build, whichever way Mocha loads it.
import plugin from '../dist/mocha.js';

export const { mochaHooks } = plugin;
