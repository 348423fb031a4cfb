export * from './roles.js';
export * from './principal.js';
export * from './scope.js';
export * from './tokens.js';
export * from './revocations.js';
export * from './access.js';
export * from './auth.module.js';
export { Public } from '#anlao/platform';
