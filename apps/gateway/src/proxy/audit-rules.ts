const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/** A resident's personal record: reading it is audited like a write. */
const RESIDENT_RECORD = /^\/api\/residents\/(residents\/r-[^/?]+|cards\/[^/?]+)(\?.*)?$/;
/** Searching by ID number shows a record too, though it is a POST. */
const RESIDENT_LOOKUP = /^\/api\/residents\/residents\/lookup(\?.*)?$/;

/** What the edge audits: every write routed to a service, and every read of a resident's record. */
export function auditedAction(method: string, url: string): string | null {
  if (!url.startsWith('/api/')) return null;
  if (method === 'POST' && RESIDENT_LOOKUP.test(url)) return 'resident.read';
  if (WRITES.has(method)) return 'http.write';
  if (method === 'GET' && RESIDENT_RECORD.test(url)) return 'resident.read';
  return null;
}
