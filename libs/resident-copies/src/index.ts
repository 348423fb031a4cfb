export * from './resident-copy.js';
export * from './resident-copy.repository.js';
export * from './resident-copy.schema.js';
export { ResidentsCatchUp, RESIDENTS_READ_MODEL_GROUP } from './residents-catch-up.js';
export { ResidentCopiesModule } from './resident-copies.module.js';
