import { randomUUID } from 'node:crypto';
import { EnvelopeSchema } from './envelope.js';
import { EventCatalog, isEventType, type EventType, type LatestVersion, type PayloadOf } from './catalog.js';

export interface EventEnvelope<T extends EventType = EventType, P = PayloadOf<T>> {
  id: string;
  type: T;
  version: number;
  occurredAt: string;
  source: string;
  subject: string;
  orgUnit: string;
  correlationId: string;
  causationId: string | null;
  payload: P;
}

/** Any event of the catalog, discriminated by `type`, at its latest version. */
export type AnyEvent = { [T in EventType]: EventEnvelope<T, PayloadOf<T, LatestVersion<T>>> }[EventType];

export interface NewEvent<T extends EventType> {
  type: T;
  source: string;
  subject: string;
  orgUnit: string;
  payload: PayloadOf<T>;
  correlationId: string;
  causationId?: string | null;
  occurredAt?: Date;
}

export class InvalidEventError extends Error {
  constructor(
    readonly reason: string,
    readonly eventId?: string,
  ) {
    super(`invalid event${eventId ? ` ${eventId}` : ''}: ${reason}`);
    this.name = 'InvalidEventError';
  }
}

/** Builds the envelope of a new event at the latest version of its type, validating its payload. */
export function createEvent<T extends EventType>(input: NewEvent<T>): EventEnvelope<T> {
  const def = EventCatalog[input.type];
  const envelope: EventEnvelope<T> = {
    id: randomUUID(),
    type: input.type,
    version: def.latest,
    occurredAt: (input.occurredAt ?? new Date()).toISOString(),
    source: input.source,
    subject: input.subject,
    orgUnit: input.orgUnit,
    correlationId: input.correlationId,
    causationId: input.causationId ?? null,
    payload: input.payload,
  };
  return validateEvent(envelope) as EventEnvelope<T>;
}

/**
 * Checks an envelope and its payload against the catalog. Used when an event is
 * produced and again when it is consumed; messages never include payload values
 * (they may hold personal data of a misbehaving producer).
 */
export function validateEvent(candidate: unknown): AnyEvent {
  const envelope = EnvelopeSchema.safeParse(candidate);
  if (!envelope.success) {
    throw new InvalidEventError(describeIssues(envelope.error.issues));
  }
  const { type, version, id } = envelope.data;
  if (!isEventType(type)) throw new InvalidEventError(`unknown event type "${type}"`, id);
  const schema = (
    EventCatalog[type].versions as Record<number, (typeof EventCatalog)[EventType]['versions'][1]>
  )[version];
  if (!schema) throw new InvalidEventError(`unknown version ${version} of "${type}"`, id);
  const payload = schema.safeParse(envelope.data.payload);
  if (!payload.success) {
    throw new InvalidEventError(
      `payload of "${type}" v${version}: ${describeIssues(payload.error.issues)}`,
      id,
    );
  }
  return { ...envelope.data, payload: payload.data } as AnyEvent;
}

/** Parses a Kafka message value. */
export function decodeEvent(value: Buffer | null): AnyEvent {
  if (!value) throw new InvalidEventError('empty message');
  let json: unknown;
  try {
    json = JSON.parse(value.toString('utf8'));
  } catch {
    throw new InvalidEventError('message is not JSON');
  }
  return validateEvent(json);
}

export function encodeEvent(event: EventEnvelope): Buffer {
  return Buffer.from(JSON.stringify(event), 'utf8');
}

function describeIssues(issues: readonly { path: readonly PropertyKey[]; message: string }[]): string {
  return issues
    .slice(0, 5)
    .map((i) => `${i.path.map(String).join('.') || '(root)'}: ${i.message}`)
    .join('; ');
}
