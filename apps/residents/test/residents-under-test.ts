import { randomBytes } from 'node:crypto';
import { ResidentsConfigSchema } from '../src/residents.config.js';
import { residentsService } from '../src/residents.module.js';
import { startService, testConfig, type RunningService } from '#anlao/testing';

/**
 * The residents service in this process, with fresh ID-protection keys and the daily job
 * left to the test. `env` adds or overrides variables; two instances of one namespace
 * (a crashed process and the one that resumes its jobs) must share the keys.
 */
export function startResidents(
  ns: { topicPrefix: string; dbPrefix: string },
  env: Record<string, string> = {},
): Promise<RunningService> {
  return startService(
    residentsService,
    testConfig(
      'residents',
      ns,
      {
        RESIDENT_ID_HASH_KEY: randomBytes(32).toString('base64'),
        RESIDENT_DATA_KEY: randomBytes(32).toString('base64'),
        ELIGIBILITY_DAILY_JOB: 'off',
        ...env,
      },
      ResidentsConfigSchema,
    ),
  );
}
