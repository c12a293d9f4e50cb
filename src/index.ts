// The programmatic API of grayscope: what the commands call and what end-to-end tests use.
export * from './core/errors.js';
export * from './core/config.js';
export * from './core/project.js';
export * from './core/contract.js';
export * from './api.js';
export { generate } from './core/generate/index.js';
export type { GenerateOptions, GenerateResult } from './core/generate/index.js';
