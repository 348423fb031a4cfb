import { z } from 'zod';
import type { ServiceConfig } from '#anlao/platform';

/**
 * The variables of a service that runs jobs. A service merges this schema into its
 * own (`ServiceDefinition.extraConfig`), so a bad value stops it at start naming the
 * variable, like every other setting.
 */
export const JobsConfigSchema = z.object({
  /** `off`: this process accepts jobs and answers about them but runs none (another replica does). */
  JOBS_RUNNER: z.enum(['on', 'off']).default('on'),
  /** How often an idle runner looks for queued jobs and for jobs whose runner died; a submission wakes it at once. */
  JOBS_POLL_MS: z.coerce.number().int().min(50).max(600_000).default(2000),
  /** How long a runner holds a job without renewing its lease; after that another runner resumes it. */
  JOBS_LEASE_MS: z.coerce.number().int().min(1000).max(3_600_000).default(30_000),
  /** Finished jobs are kept this many days, then pruned (the store has no TTL indexes). */
  JOBS_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(90),
});

export type JobsConfig = z.infer<typeof JobsConfigSchema>;
export const JOBS_CONFIG = Symbol('anlao.jobs-config');

/** The jobs settings out of a service's validated config (defaults when its schema left them out). */
export function jobsConfigOf(config: Pick<ServiceConfig, 'extra'>): JobsConfig {
  return JobsConfigSchema.parse(config.extra);
}
