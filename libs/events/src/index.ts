export * from './topics.js';
export * from './envelope.js';
export * from './service-catalogue.js';
export * from './payloads.js';
export * from './catalog.js';
export * from './event.js';
