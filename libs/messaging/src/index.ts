export * from './kafka.js';
export * from './event-producer.js';
export * from './event-consumer.js';
export * from './outbox.js';
export * from './dead-letter.js';
export * from './dead-letters-admin.js';
export * from './messaging.module.js';
