import { Partitioners, type Kafka, type Producer } from 'kafkajs';
import type { Logger } from 'pino';
import { encodeEvent, EventCatalog, topicName, validateEvent, type EventEnvelope } from '#anlao/events';

export const EventHeaders = {
  id: 'event-id',
  type: 'event-type',
  version: 'event-version',
  correlationId: 'correlation-id',
  causationId: 'causation-id',
} as const;

/**
 * The only way events leave a service: validated against the catalog, keyed by
 * subject (so one aggregate's events stay in order), idempotent, acks from all
 * in-sync replicas.
 */
export class EventProducer {
  private readonly producer: Producer;
  private connected = false;

  constructor(
    kafka: Kafka,
    private readonly topicPrefix: string,
    private readonly logger: Logger,
  ) {
    this.producer = kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false,
      createPartitioner: Partitioners.DefaultPartitioner,
      // The idempotent producer keeps retrying a send; the outbox is what survives a broker outage.
      retry: { retries: Number.MAX_SAFE_INTEGER, initialRetryTime: 200, maxRetryTime: 5_000 },
    });
    this.producer.on(this.producer.events.CONNECT, () => (this.connected = true));
    this.producer.on(this.producer.events.DISCONNECT, () => (this.connected = false));
  }

  async connect(): Promise<void> {
    await this.producer.connect();
    this.connected = true;
  }

  async disconnect(): Promise<void> {
    await this.producer.disconnect();
    this.connected = false;
  }

  isConnected(): boolean {
    return this.connected;
  }

  async publish(events: readonly EventEnvelope[]): Promise<void> {
    if (events.length === 0) return;
    const byTopic = new Map<string, EventEnvelope[]>();
    for (const event of events) {
      validateEvent(event);
      const topic = topicName(EventCatalog[event.type].topic, this.topicPrefix);
      byTopic.set(topic, [...(byTopic.get(topic) ?? []), event]);
    }
    await this.producer.sendBatch({
      acks: -1,
      topicMessages: [...byTopic.entries()].map(([topic, list]) => ({
        topic,
        messages: list.map((event) => ({
          key: event.subject,
          value: encodeEvent(event),
          headers: {
            [EventHeaders.id]: event.id,
            [EventHeaders.type]: event.type,
            [EventHeaders.version]: String(event.version),
            [EventHeaders.correlationId]: event.correlationId,
            ...(event.causationId ? { [EventHeaders.causationId]: event.causationId } : {}),
          },
        })),
      })),
    });
    this.logger.debug({ count: events.length }, 'events published');
  }

  /** Raw send, for dead letters and replays: bytes are forwarded untouched. */
  async sendRaw(
    topic: string,
    messages: {
      key: Buffer | string | null;
      value: Buffer | string | null;
      headers?: Record<string, string>;
    }[],
  ): Promise<void> {
    await this.producer.send({ topic, acks: -1, messages });
  }
}
