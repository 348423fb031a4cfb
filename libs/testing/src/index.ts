export * from './infra.js';
export * from './service.js';
