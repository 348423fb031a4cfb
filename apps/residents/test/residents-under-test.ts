import { randomBytes } from 'node:crypto';
import { ResidentsConfigSchema } from '../src/residents.config.js';
import { residentsService } from '../src/residents.module.js';
import { startService, testConfig, type RunningService } from '#anlao/testing';

/** The residents service in this process, with fresh ID-protection keys and the daily job left to the test. */
export function startResidents(ns: { topicPrefix: string; dbPrefix: string }): Promise<RunningService> {
  return startService(
    residentsService,
    testConfig(
      'residents',
      ns,
      {
        RESIDENT_ID_HASH_KEY: randomBytes(32).toString('base64'),
        RESIDENT_DATA_KEY: randomBytes(32).toString('base64'),
        ELIGIBILITY_DAILY_JOB: 'off',
      },
      ResidentsConfigSchema,
    ),
  );
}
