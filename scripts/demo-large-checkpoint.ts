/**
 * What a large-city load has done, so an interrupted one carries on: `.local/demo-city/<seed>-<N>-<M>.json`,
 * written (whole, then renamed over the old one) after every completed unit, and beside it a folder
 * with each community's resident ids and the centres' client secrets (mode 0600).
 */
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export interface Totals {
  imported: number;
  existing: number;
  rowsRejected: number;
  recorded: number;
  duplicates: number;
  conflicts: number;
  /** Visits refused, by code. */
  rejected: Record<string, number>;
}

export interface CheckpointState {
  version: 1;
  seed: number;
  residents: number;
  months: number;
  /** The last day of visits, fixed by the first run: a run resumed days later sends the same visits. */
  until: string;
  orgUnits: boolean;
  chunks: number[];
  listed: string[];
  centres: string[];
  /** `<centreId>:<YYYY-MM>` */
  visits: string[];
  totals: Totals;
}

export interface ClientSecret {
  clientId: string;
  clientSecret: string;
}

const emptyTotals = (): Totals => ({
  imported: 0,
  existing: 0,
  rowsRejected: 0,
  recorded: 0,
  duplicates: 0,
  conflicts: 0,
  rejected: {},
});

export class Checkpoint {
  readonly file: string;
  readonly dir: string;
  readonly state: CheckpointState;
  private readonly done: Record<'chunks' | 'listed' | 'centres' | 'visits', Set<string>>;

  constructor(
    root: string,
    key: { seed: number; residents: number; months: number; until: string },
    restart = false,
  ) {
    const name = `${key.seed}-${key.residents}-${key.months}`;
    this.file = resolve(root, `${name}.json`);
    this.dir = resolve(root, name);
    if (restart) {
      rmSync(this.file, { force: true });
      rmSync(this.dir, { recursive: true, force: true });
    }
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    this.state = existsSync(this.file)
      ? (JSON.parse(readFileSync(this.file, 'utf8')) as CheckpointState)
      : {
          version: 1,
          ...key,
          orgUnits: false,
          chunks: [],
          listed: [],
          centres: [],
          visits: [],
          totals: emptyTotals(),
        };
    this.done = {
      chunks: new Set(this.state.chunks.map(String)),
      listed: new Set(this.state.listed),
      centres: new Set(this.state.centres),
      visits: new Set(this.state.visits),
    };
  }

  /** Whether this file was there before this run. */
  get resumed(): boolean {
    return this.state.orgUnits;
  }

  has(kind: keyof Checkpoint['done'], unit: string | number): boolean {
    return this.done[kind].has(String(unit));
  }

  /** Marks a unit done and saves at once. */
  complete(kind: keyof Checkpoint['done'], unit: string | number): void {
    if (this.done[kind].has(String(unit))) return this.save();
    this.done[kind].add(String(unit));
    if (kind === 'chunks') this.state.chunks.push(Number(unit));
    else this.state[kind].push(String(unit));
    this.save();
  }

  save(): void {
    const tmp = `${this.file}.tmp`;
    writeFileSync(tmp, JSON.stringify(this.state));
    renameSync(tmp, this.file);
  }

  /** A community's resident ids, one per row (null: a row that was not imported). */
  writeIds(community: string, ids: (string | null)[]): void {
    const file = join(this.dir, `ids-${community}.json`);
    writeFileSync(`${file}.tmp`, JSON.stringify(ids));
    renameSync(`${file}.tmp`, file);
  }

  readIds(community: string): (string | null)[] {
    return JSON.parse(readFileSync(join(this.dir, `ids-${community}.json`), 'utf8')) as (string | null)[];
  }

  /** The centres' client credentials (secrets: readable by the owner only). */
  readSecrets(): Record<string, ClientSecret> {
    const file = join(this.dir, 'clients.json');
    return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, ClientSecret>) : {};
  }

  writeSecret(centreId: string, secret: ClientSecret): void {
    const file = join(this.dir, 'clients.json');
    const all = { ...this.readSecrets(), [centreId]: secret };
    writeFileSync(`${file}.tmp`, JSON.stringify(all), { mode: 0o600 });
    renameSync(`${file}.tmp`, file);
  }
}
