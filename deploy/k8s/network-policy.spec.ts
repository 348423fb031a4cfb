import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';

interface Peer {
  podSelector?: { matchLabels?: Record<string, string> };
  namespaceSelector?: { matchLabels?: Record<string, string> };
  ipBlock?: { cidr: string };
}
interface Policy {
  kind: string;
  metadata: { name: string; namespace: string };
  spec: {
    podSelector: {
      matchLabels?: Record<string, string>;
      matchExpressions?: { key: string; operator: string; values: string[] }[];
    };
    policyTypes: string[];
    ingress?: { from?: Peer[]; ports?: { port: number }[] }[];
  };
}

const SERVICES = ['residents', 'centres', 'purchased-services', 'interventions', 'analytics'];
const file = fileURLToPath(new URL('./network-policy.yaml', import.meta.url));
const policies = parseAllDocuments(readFileSync(file, 'utf8')).map((d) => d.toJSON() as Policy);

/** Which of a policy's selected apps it names (the default deny selects them all). */
function selects(policy: Policy, app: string): boolean {
  const { matchLabels = {}, matchExpressions = [] } = policy.spec.podSelector;
  if (matchLabels['app.kubernetes.io/part-of'] !== 'anlao' && !matchExpressions.length) return false;
  if (matchLabels['app.kubernetes.io/name']) return matchLabels['app.kubernetes.io/name'] === app;
  const names = matchExpressions.find((e) => e.key === 'app.kubernetes.io/name');
  return names ? names.operator === 'In' && names.values.includes(app) : true;
}

describe('deploy/k8s/network-policy.yaml', () => {
  it('holds only NetworkPolicies of the anlao namespace, starting from a default deny of all ingress', () => {
    expect(policies.every((p) => p.kind === 'NetworkPolicy' && p.metadata.namespace === 'anlao')).toBe(true);
    const deny = policies.find((p) => p.metadata.name === 'anlao-default-deny-ingress');
    expect(deny?.spec.policyTypes).toEqual(['Ingress']);
    expect(deny?.spec.ingress).toBeUndefined();
    for (const app of ['gateway', ...SERVICES]) expect(selects(deny as Policy, app)).toBe(true);
  });

  it.each(SERVICES)('lets %s be reached from the gateway pods only, on port 3000', (app) => {
    const rules = policies.filter((p) => selects(p, app)).flatMap((p) => p.spec.ingress ?? []);
    expect(rules.length).toBeGreaterThan(0);
    for (const rule of rules) {
      expect(rule.ports).toEqual([{ protocol: 'TCP', port: 3000 }]);
      expect(rule.from).toEqual([
        {
          podSelector: {
            matchLabels: { 'app.kubernetes.io/part-of': 'anlao', 'app.kubernetes.io/name': 'gateway' },
          },
        },
      ]);
    }
  });

  it('admits traffic from outside the namespace to the gateway only', () => {
    const outside = policies.filter((p) =>
      (p.spec.ingress ?? []).some((rule) => (rule.from ?? [{}]).some((peer) => !peer.podSelector)),
    );
    expect(outside.map((p) => p.metadata.name)).toEqual(['anlao-gateway-ingress']);
    expect(selects(outside[0] as Policy, 'gateway')).toBe(true);
    for (const app of SERVICES) expect(selects(outside[0] as Policy, app)).toBe(false);
  });
});
