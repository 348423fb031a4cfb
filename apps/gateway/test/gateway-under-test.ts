import { GatewayConfigSchema } from '../src/gateway.config.js';
import { gatewayService } from '../src/gateway.module.js';
import { startService, TEST_KEYS, testConfig, type RunningService } from '#anlao/testing';

/** The gateway in this process, signing with the test key pair; `env` adds SERVICE_URLS and the like. */
export function startGateway(
  ns: { topicPrefix: string; dbPrefix: string },
  env: Record<string, string>,
): Promise<RunningService> {
  return startService(
    gatewayService,
    testConfig('gateway', ns, { AUTH_PRIVATE_KEY: TEST_KEYS.privateKey, ...env }, GatewayConfigSchema),
  );
}
