// Provider, worker and contract ids: chosen by the caller (idempotent PUTs), as every service takes them.
export { parseId, RECORD_ID } from '#anlao/platform';
