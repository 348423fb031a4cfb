import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { getConnectionToken } from '@nestjs/mongoose';
import type { Db } from 'mongodb';
import type { Connection } from 'mongoose';
import {
  DayBucketPruner,
  RETENTION_STATE_COLLECTION,
  RetentionJobs,
  type RetentionState,
  type RetentionTask,
} from '#anlao/platform';
import { auditRetentionTask } from './audit/audit-pruning.js';
import { GATEWAY_CONFIG, type GatewayConfig } from './gateway.config.js';

/**
 * Refresh sessions: one per sign-in and per refresh, kept `SESSION_RETENTION_DAYS`
 * after they expired (a replayed expired token still revokes the account's
 * tokens meanwhile), then deleted by their expiry day bucket.
 */
export function sessionRetentionTask(db: Db, retentionDays: number): RetentionTask {
  const pruner = new DayBucketPruner(
    {
      task: 'sessions',
      collection: db.collection('sessions'),
      dayField: 'expiresDay',
      timeField: 'expiresAt',
      retentionDays,
    },
    db.collection<RetentionState>(RETENTION_STATE_COLLECTION),
  );
  return { name: 'sessions', run: (now, signal) => pruner.run(now, signal) };
}

/** What the gateway prunes besides its inbox (which libs/messaging registers). */
export function gatewayRetentionTasks(
  db: Db,
  config: Pick<GatewayConfig, 'AUDIT_RETENTION_DAYS' | 'SESSION_RETENTION_DAYS'>,
): RetentionTask[] {
  return [
    sessionRetentionTask(db, config.SESSION_RETENTION_DAYS),
    auditRetentionTask(db, config.AUDIT_RETENTION_DAYS),
  ];
}

@Injectable()
export class GatewayRetention implements OnModuleInit {
  constructor(
    private readonly jobs: RetentionJobs,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
    @Inject(getConnectionToken()) private readonly connection: Connection,
  ) {}

  onModuleInit(): void {
    const db = this.connection.db;
    if (!db) throw new Error('gateway retention: the database connection is not open');
    for (const task of gatewayRetentionTasks(db, this.config)) this.jobs.register(task);
  }
}
