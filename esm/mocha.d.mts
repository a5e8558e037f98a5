export * from '../dist/mocha.js';
