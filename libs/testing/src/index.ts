export * from './infra.js';
export * from './service.js';
export * from './tokens.js';
export * from './tcp-proxy.js';
export * from './jobs.js';
export * from './residents-events.js';
