/**
 * The large load's progress on stderr: on a terminal one line redrawn in place (phase,
 * done/total, rate per second, ETA); elsewhere (a log file, CI) a line every 5 seconds.
 * At the end a table: phase, items, seconds, items per second.
 */

interface PhaseRow {
  name: string;
  unit: string;
  items: number;
  skipped: number;
  ms: number;
}

const n = (x: number) => Math.round(x).toLocaleString('en-US');

function duration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?';
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  return h > 0
    ? `${h}h${String(m).padStart(2, '0')}m`
    : m > 0
      ? `${m}m${String(s % 60).padStart(2, '0')}s`
      : `${s}s`;
}

export class LargeProgress {
  readonly rows: PhaseRow[] = [];
  private phase: (PhaseRow & { total: number; from: number }) | null = null;
  private lastDraw = 0;
  private readonly timer: NodeJS.Timeout;

  constructor(private readonly out: NodeJS.WriteStream = process.stderr) {
    this.timer = setInterval(() => this.draw(), out.isTTY ? 1_000 : 5_000);
    this.timer.unref();
  }

  /** A phase of `total` items, `skipped` of them done by an earlier run. */
  start(name: string, total: number, skipped = 0, unit = 'items'): void {
    this.end();
    this.phase = { name, unit, items: 0, skipped, ms: 0, total, from: Date.now() };
    this.draw(true);
  }

  add(count: number): void {
    if (!this.phase) return;
    this.phase.items += count;
    if (this.out.isTTY && Date.now() - this.lastDraw > 200) this.draw();
  }

  /** A line said between redraws (the bar is redrawn after it). */
  say(line: string): void {
    if (this.out.isTTY) this.out.write('\r\x1b[K');
    this.out.write(`${line}\n`);
    this.draw(true);
  }

  end(): void {
    const p = this.phase;
    if (!p) return;
    this.draw(true);
    if (this.out.isTTY) this.out.write('\n');
    this.rows.push({
      name: p.name,
      unit: p.unit,
      items: p.items,
      skipped: p.skipped,
      ms: Date.now() - p.from,
    });
    this.phase = null;
  }

  stop(): void {
    this.end();
    clearInterval(this.timer);
  }

  private draw(force = false): void {
    const p = this.phase;
    if (!p || (!force && !this.out.isTTY && Date.now() - this.lastDraw < 4_900)) return;
    this.lastDraw = Date.now();
    const seconds = (Date.now() - p.from) / 1000;
    const rate = seconds > 0 ? p.items / seconds : 0;
    const done = p.skipped + p.items;
    const share = p.total > 0 ? done / p.total : 1;
    const width = 24;
    const bar = '#'.repeat(Math.round(share * width)).padEnd(width, '.');
    const eta = rate > 0 ? duration((p.total - done) / rate) : '?';
    const line =
      `${p.name.padEnd(18)} [${bar}] ${n(done)}/${n(p.total)} ${p.unit} ` +
      `${(share * 100).toFixed(1)}%  ${n(rate)}/s  ETA ${eta}`;
    this.out.write(this.out.isTTY ? `\r\x1b[K${line}` : `${line}\n`);
  }

  /** The summary table: per phase its items (this run), seconds and items per second. */
  summary(): string[] {
    const head = ['phase', 'items', 'already done', 'seconds', 'items/s'];
    const body = this.rows.map((r) => [
      r.name,
      `${n(r.items)} ${r.unit}`,
      n(r.skipped),
      (r.ms / 1000).toFixed(1),
      r.ms > 0 ? (r.items / (r.ms / 1000)).toFixed(1) : '-',
    ]);
    const widths = head.map((h, i) => Math.max(h.length, ...body.map((row) => (row[i] ?? '').length)));
    const line = (cells: string[]) =>
      cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  ');
    return [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)];
  }
}
