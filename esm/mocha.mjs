// ESM entry of the root-hook plugin: the same instance as the CommonJS entry, whichever way Mocha loads it.
import plugin from '../cjs/mocha.js';

export const { mochaHooks } = plugin;
