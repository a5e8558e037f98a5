// ESM entry: re-exports the CommonJS build so that ESM and CommonJS test files share one hermetic (one registry of sizes).
import hermetic from '../dist/index.js';

export const { Small, Medium, Large, XLarge, HermeticityViolationError, defineConfig, sizeOf } = hermetic;
