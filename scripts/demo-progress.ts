/**
 * The demo loader's progress: a line per phase as it ends (the phases run side by side, so
 * they end in any order), and at the end each phase's and step's start, end and duration, so a
 * slow load says where its seconds went.
 */

interface Row {
  name: string;
  from: number;
  to: number;
  note: string;
}

/** Times one step of a phase (a centre's client, its visits…), for the summary. */
export type Step = <R>(name: string, run: () => Promise<R>, note?: (result: R) => string) => Promise<R>;

const seconds = (ms: number) => (ms / 1000).toFixed(1);

async function timed<R>(name: string, run: () => Promise<R>, note: (result: R) => string) {
  const from = Date.now();
  const result = await run();
  return { result, row: { name, from, to: Date.now(), note: note(result) } };
}

export class DemoProgress {
  private readonly started = Date.now();
  private readonly phases: { row: Row; steps: Row[] }[] = [];
  private done = 0;

  constructor(
    private readonly total: number,
    private readonly say: (line: string) => void = (line) => process.stdout.write(`anlao: ${line}\n`),
  ) {}

  /** Seconds since the load began. */
  elapsed(): string {
    return seconds(Date.now() - this.started);
  }

  /** Runs one phase; when it ends, says so with the load's elapsed seconds, and keeps its times. */
  async phase<T>(
    name: string,
    run: (step: Step) => Promise<T>,
    note: (result: T) => string = () => '',
  ): Promise<T> {
    const steps: Row[] = [];
    const step: Step = async (stepName, work, stepNote = () => '') => {
      const { result, row } = await timed(stepName, work, stepNote);
      steps.push(row);
      return result;
    };
    const { result, row } = await timed(name, () => run(step), note);
    this.phases.push({ row, steps });
    this.done++;
    this.say(
      `demo city ${this.done}/${this.total} ${name}${row.note ? ` (${row.note})` : ''}… ${this.elapsed()} s`,
    );
    return result;
  }

  /** Every phase by start, its steps under it: start → end (seconds into the load), duration, note. */
  summary(): string[] {
    const rows = [...this.phases]
      .sort((a, b) => a.row.from - b.row.from)
      .flatMap(({ row, steps }) => [
        { ...row, depth: 0 },
        ...[...steps].sort((a, b) => a.from - b.from).map((s) => ({ ...s, depth: 1 })),
      ]);
    const width = Math.max(...rows.map((r) => r.name.length + 2 * r.depth));
    const at = (t: number) => seconds(t - this.started).padStart(6);
    return [
      `demo city loaded in ${this.elapsed()} s; by phase (start → end, duration, s):`,
      ...rows.map(
        (r) =>
          `  ${' '.repeat(2 * r.depth)}${r.name.padEnd(width - 2 * r.depth)} ${at(r.from)} →${at(r.to)} ` +
          `${seconds(r.to - r.from).padStart(6)}${r.note ? `  ${r.note}` : ''}`,
      ),
    ];
  }

  report(): void {
    for (const line of this.summary()) this.say(line);
  }
}
