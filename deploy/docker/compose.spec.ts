import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

const repo = fileURLToPath(new URL('../../', import.meta.url));
const APPS = ['gateway', 'residents', 'centres', 'purchased-services', 'interventions', 'analytics'];

interface ComposeService {
  image?: string;
  build?: { dockerfile?: string; args?: { APP?: string } };
  environment?: Record<string, string>;
  depends_on?: Record<string, { condition: string }>;
  ports?: string[];
  network_mode?: string;
}

describe('docker-compose.yml', () => {
  const compose = parse(readFileSync(`${repo}docker-compose.yml`, 'utf8'), { merge: true }) as {
    services: Record<string, ComposeService>;
  };

  it('runs Kafka (KRaft) and MongoDB 7 as a replica set', () => {
    expect(compose.services.kafka?.image).toMatch(/^apache\/kafka:/);
    expect(compose.services.kafka?.environment?.KAFKA_PROCESS_ROLES).toBe('broker,controller');
    expect(compose.services.mongo?.image).toBe('mongo:7');
  });

  it.each(APPS)('builds %s from the one Dockerfile and points it at both', (app) => {
    const service = compose.services[app];
    expect(service?.build?.dockerfile).toBe('deploy/docker/Dockerfile');
    expect(service?.build?.args?.APP).toBe(app);
    expect(existsSync(`${repo}apps/${app}/src/main.ts`)).toBe(true);
    expect(service?.environment?.KAFKA_BROKERS).toBe('kafka:9092');
    expect(service?.environment?.MONGO_URL).toMatch(/^mongodb:\/\/mongo:27017/);
    expect(service?.depends_on?.kafka?.condition).toBe('service_healthy');
  });

  it('publishes a host port for the gateway only: every other container is reachable on the compose network alone', () => {
    const published = Object.entries(compose.services)
      .filter(([, service]) => (service.ports ?? []).length > 0 || service.network_mode === 'host')
      .map(([name]) => name);
    expect(published).toEqual(['gateway']);
    expect(compose.services.gateway?.ports).toEqual(['3000:3000']);
    for (const app of APPS.filter((a) => a !== 'gateway'))
      expect(compose.services.gateway?.environment?.SERVICE_URLS).toContain(`${app}=http://${app}:3000`);
  });

  it('is accepted by `docker compose config` where the plugin is installed', () => {
    const plugin = spawnSync('docker', ['compose', 'version'], { encoding: 'utf8' });
    if (plugin.status === 0) {
      expect(() =>
        execFileSync('docker', ['compose', 'config', '--quiet'], { cwd: repo, stdio: 'pipe' }),
      ).not.toThrow();
    }
  });
});
