/** The options of `npm run demo:city -- …` (pure, so a test can read them). */
import { MAX_RESIDENTS } from './demo-large-plan.js';

export interface LargeOptions {
  /** Null: the small demo city of `npm start` (no option of the large city given). */
  residents: number | null;
  months: number;
  seed: number;
  gateway: string;
  restart: boolean;
  help: boolean;
}

export const USAGE = `npm run demo:city -- [--residents N] [--months M] [--seed S] [--gateway URL] [--restart]

Without options: the small demo city of \`npm start\` (300 elders, five centres…).
With any: a large city for benchmarks, through the public API of a running platform
(\`npm start\` in another terminal), signed in as demo.city-admin:
  --residents N   elders, in communities of ~1,000, 10 to a street, 10 streets to a district (default 100000, at most ${MAX_RESIDENTS})
  --months M      months of centre visits up to yesterday, ~10 visits per elder a year (default 12)
  --seed S        the city's random seed (default 20261125)
  --gateway URL   default GATEWAY_URL or http://127.0.0.1:3000
  --restart       forget the checkpoint (.local/demo-city/<seed>-<N>-<M>.json) and start over
Interrupted (Ctrl-C), the same command carries on where it stopped.`;

const whole = (name: string, value: string | undefined, min: number, max: number): number => {
  const n = Number(value);
  if (value === undefined || !/^\d+$/.test(value) || n < min || n > max)
    throw new Error(`${name}: a whole number from ${min} to ${max}`);
  return n;
};

export function parseOptions(argv: readonly string[], env: NodeJS.ProcessEnv = {}): LargeOptions {
  const o: LargeOptions = {
    residents: null,
    months: 12,
    seed: 20261125,
    gateway: env.GATEWAY_URL ?? 'http://127.0.0.1:3000',
    restart: false,
    help: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = (argv[i] as string).split('=', 2) as [string, string | undefined];
    const value = () => inline ?? argv[++i];
    if (flag === '--residents') o.residents = whole('--residents', value(), 1, MAX_RESIDENTS);
    else if (flag === '--months') o.months = whole('--months', value(), 1, 24);
    else if (flag === '--seed') o.seed = whole('--seed', value(), 0, 2 ** 32 - 1);
    else if (flag === '--gateway') {
      const url = value();
      if (!url || !/^https?:\/\/[^/\s]+\/?$/.test(url)) throw new Error('--gateway: http(s)://host:port');
      o.gateway = url.replace(/\/$/, '');
    } else if (flag === '--restart') o.restart = true;
    else if (flag === '--help' || flag === '-h') o.help = true;
    else throw new Error(`unknown option ${flag} (see --help)`);
  }
  // --months, --seed or --restart alone: the large city of the default size.
  if (o.residents === null && argv.some((a) => /^--(months|seed|restart)/.test(a))) o.residents = 100_000;
  return o;
}
