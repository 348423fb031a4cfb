/**
 * One topic per source service, versioned in its name: a consumer that reads
 * `anlao.centres.v1` can rely on every event type the catalog lists for it.
 */
export const Topics = {
  residents: 'anlao.residents.v1',
  centres: 'anlao.centres.v1',
  purchasedServices: 'anlao.purchased-services.v1',
  interventions: 'anlao.interventions.v1',
  identity: 'anlao.identity.v1',
  /** Who read or changed what, from every service; kept hash-chained by the gateway's audit keeper. */
  audit: 'anlao.audit.v1',
  deadLetters: 'anlao.dead-letters.v1',
} as const;

export type TopicName = (typeof Topics)[keyof typeof Topics];

/**
 * Tests share one broker; a prefix keeps each run's topics apart.
 * Production leaves it empty.
 */
export function topicName(topic: TopicName, prefix = ''): string {
  return `${prefix}${topic}`;
}
