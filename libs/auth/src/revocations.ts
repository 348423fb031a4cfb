import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Topics } from '#anlao/events';
import { MessagingRuntime } from '#anlao/messaging';
import { CONFIG, type ServiceConfig } from '#anlao/platform';

/**
 * The lowest credential version still valid, per subject. A token whose `ver` is
 * below it is refused: revocation, rotation and sign-out take effect at once,
 * without waiting for the token to expire.
 */
@Injectable()
export class RevocationList {
  private readonly minVersions = new Map<string, number>();

  apply(subject: string, minVersion: number): void {
    if ((this.minVersions.get(subject) ?? 0) < minVersion) this.minVersions.set(subject, minVersion);
  }

  isRevoked(subject: string, version: number): boolean {
    return version < (this.minVersions.get(subject) ?? 0);
  }
}

/**
 * Feeds the list from `credentials.revoked`. Each process reads the whole identity
 * topic with a group of its own, so a restarted process rebuilds the list before
 * it reports ready; applying a maximum is idempotent, so no inbox is needed.
 */
@Injectable()
export class RevocationConsumer implements OnApplicationBootstrap {
  constructor(
    private readonly runtime: MessagingRuntime,
    private readonly list: RevocationList,
    @Inject(CONFIG) private readonly config: ServiceConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.runtime.startConsumer({
      groupId: `${this.config.SERVICE}.revocations.${randomUUID()}`,
      topics: [Topics.identity],
      inbox: false,
      handlers: {
        'credentials.revoked': (event) => {
          this.list.apply(event.payload.subjectId, event.payload.minVersion);
          return Promise.resolve();
        },
      },
    });
  }
}
