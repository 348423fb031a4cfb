import { suppress, type Suppressed } from '../coverage/suppression.js';
import { PEOPLE_FIGURES, type Figure, type Figures, type UnitName } from './programme-counting.js';

/** A unit-month's counters as stored (`intervention_counters[unit:month]`); absent fields are zero. */
export interface InterventionCounters {
  unit: string;
  month: string;
  all?: Figures;
  theme?: Record<string, Figures>;
  theory?: Record<string, Figures>;
  volunteers?: { minutes?: number; logs?: number };
}

/** Counters summed over a range of months. */
export interface Totals {
  all: Figures;
  theme: Record<string, Figures>;
  theory: Record<string, Figures>;
  volunteers: { minutes: number; logs: number };
}

const addFigures = (into: Figures, from: Figures | undefined) => {
  for (const [figure, n] of Object.entries(from ?? {}) as [Figure, number][])
    into[figure] = (into[figure] ?? 0) + n;
};

export function sumCounters(counters: readonly InterventionCounters[]): Totals {
  const totals: Totals = { all: {}, theme: {}, theory: {}, volunteers: { minutes: 0, logs: 0 } };
  for (const c of counters) {
    addFigures(totals.all, c.all);
    for (const kind of ['theme', 'theory'] as const)
      for (const [key, figures] of Object.entries(c[kind] ?? {}))
        addFigures((totals[kind][key] ??= {}), figures);
    totals.volunteers.minutes += c.volunteers?.minutes ?? 0;
    totals.volunteers.logs += c.volunteers?.logs ?? 0;
  }
  return totals;
}

/** One row's figures; counts of people are null where suppressed. */
export interface FiguresRow {
  programmes: { registered: number; started: number; active: number; completed: number; cancelled: number };
  members: { enrolled: number | null; withdrawn: number | null };
  sessions: { held: number; attendances: number; places: number; attendanceRate: number | null };
  outcomes: {
    submitted: number;
    members: number | null;
    completing: number | null;
    /** completing ÷ members of the programmes with an outcome (withdrawn members count as not completing). */
    completionRate: number | null;
    dimensions: number;
    improved: number;
  };
}

export interface UnitRow extends UnitName, FiguresRow {
  volunteers: { hours: number; logs: number };
}

export interface SliceRow extends FiguresRow {
  /** The theme's code or the theory. */
  key: string;
}

export interface InterventionsReport {
  unit: UnitRow;
  from: string;
  to: string;
  threshold: number;
  themes: SliceRow[];
  /** A programme counts under each of its theories: these rows do not add up to the unit's. */
  theories: SliceRow[];
  children: UnitRow[];
}

const ratio = (part: number | null, whole: number | null) =>
  part === null || whole === null || whole === 0 ? null : Math.round((part / whole) * 10_000) / 10_000;

const peopleOf = (f: Figures) => PEOPLE_FIGURES.map((p) => f[p] ?? 0);
// Members and completing of the outcomes go together: the completion rate would give either away.
const LINKED: [number, number][] = [[2, 3]];

function figuresRow(f: Figures, hide: (column: number) => boolean): FiguresRow {
  const n = (figure: Figure) => f[figure] ?? 0;
  const people = (figure: Figure) => (hide(PEOPLE_FIGURES.indexOf(figure)) ? null : n(figure));
  const members = people('outcomeMembers');
  const completing = people('completing');
  return {
    programmes: {
      registered: n('registered'),
      started: n('started'),
      active: n('active'),
      completed: n('completed'),
      cancelled: n('cancelled'),
    },
    members: { enrolled: people('enrolled'), withdrawn: people('withdrawn') },
    sessions: {
      held: n('sessions'),
      attendances: n('attendances'),
      places: n('places'),
      attendanceRate: ratio(n('attendances'), n('places')),
    },
    outcomes: {
      submitted: n('outcomes'),
      members,
      completing,
      completionRate: ratio(completing, members),
      dimensions: n('dimensions'),
      improved: n('improved'),
    },
  };
}

const hours = (minutes: number) => Math.round((minutes / 60) * 100) / 100;

/** Parts of a total, small counts of people suppressed complementarily (column by column). */
function partsTable(parts: readonly Figures[], threshold: number): Suppressed {
  return suppress({ counts: parts.map(peopleOf), threshold, linked: LINKED });
}

/**
 * The report of a unit over a range: its figures, by theme, by theory and per child unit. Each
 * set of rows is a table whose parts add up to the unit (theories overlap, which only hides more);
 * the unit's own count is hidden when any table says so, and with it its linked partner.
 */
export function interventionsReport(input: {
  unit: UnitName;
  from: string;
  to: string;
  total: Totals;
  children: { name: UnitName; totals: Totals }[];
  threshold: number;
}): InterventionsReport {
  const { threshold, total } = input;
  const children = [...input.children].sort((a, b) => a.name.path.localeCompare(b.name.path));
  const themes = Object.keys(total.theme).sort();
  const theories = Object.keys(total.theory).sort();
  const childTable = partsTable(
    children.map((c) => c.totals.all),
    threshold,
  );
  const themeTable = partsTable(
    themes.map((t) => total.theme[t] ?? {}),
    threshold,
  );
  const theoryTable = partsTable(
    theories.map((t) => total.theory[t] ?? {}),
    threshold,
  );
  const own = peopleOf(total.all);
  const alone = (c: number) => (own[c] ?? 0) > 0 && (own[c] ?? 0) < threshold;
  const totalHidden = (c: number) =>
    (children.length > 0 ? (childTable.totals[c] ?? false) : alone(c)) || (themeTable.totals[c] ?? false);
  const linkedHidden = (c: number) => {
    const pair = LINKED.find((p) => p.includes(c));
    return pair ? pair.some(totalHidden) : totalHidden(c);
  };
  const cell = (table: Suppressed, r: number) => (c: number) => table.cells[r]?.[c] ?? false;
  const unitRow = (name: UnitName, t: Totals, hide: (c: number) => boolean): UnitRow => ({
    ...name,
    ...figuresRow(t.all, hide),
    volunteers: { hours: hours(t.volunteers.minutes), logs: t.volunteers.logs },
  });
  return {
    unit: unitRow(input.unit, total, linkedHidden),
    from: input.from,
    to: input.to,
    threshold,
    themes: themes.map((key, r) => ({ key, ...figuresRow(total.theme[key] ?? {}, cell(themeTable, r)) })),
    theories: theories.map((key, r) => ({
      key,
      ...figuresRow(total.theory[key] ?? {}, cell(theoryTable, r)),
    })),
    children: children.map((c, r) => unitRow(c.name, c.totals, cell(childTable, r))),
  };
}
