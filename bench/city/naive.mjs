// The same report answers computed the naive way: from the raw records (bench/city/seed.mjs
// seedNaive: elders as residents keeps them, visits as centres stores them, centres), at request
// time, with a find or an aggregation over them and the platform's own rules applied to what they
// return (eligibility and priority groups: analytics' resident-profile.js; the at-risk order:
// at-risk.js, both from dist/). What a reporting service without projections would do.
import { localDay } from '#anlao/platform';
import { atRiskElders } from '../../dist/apps/analytics/src/at-risk/at-risk.js';
import { eligibleIn, groupsIn } from '../../dist/apps/analytics/src/resident-profiles/resident-profile.js';

const GROUPS = ['all', 'living-alone', 'shidu', 'empty-nest', 'aged-80-plus', 'low-income', 'rural-hukou'];
const FACTS = {
  communityPath: 1,
  birthYearMonth: 1,
  hukou: 1,
  livingArrangement: 1,
  familyStatus: 1,
  economicStatus: 1,
  eligibility: 1,
  diedOn: 1,
};

const lastDayOf = (month) => {
  const [y, m] = month.split('-').map(Number);
  return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
};
const depth = (unit) => unit.split('.').length;
/** The unit's elders: a community by equality (indexed), a wider unit by its path prefix. */
const scopeOf = (unit) =>
  depth(unit) === 4
    ? { communityPath: unit }
    : depth(unit) === 1
      ? {}
      : { communityPath: { $regex: `^${unit.replace(/\./g, '\\.')}\\.` } };
/** The child of `unit` a community path lies in. */
const childOf = (unit, path) =>
  path
    .split('.')
    .slice(0, depth(unit) + 1)
    .join('.');

/** The elders of `unit` and the ids of those with a visit (not voided) in `month`. */
async function eldersAndServed(db, unit, month) {
  const elders = await db.collection('residents').find(scopeOf(unit), { projection: FACTS }).toArray();
  const match = { day: { $gte: `${month}-01`, $lte: lastDayOf(month) }, voidedAt: null };
  if (depth(unit) > 1) match.residentId = { $in: elders.map((e) => e._id) };
  const served = await db
    .collection('visits')
    .aggregate([{ $match: match }, { $group: { _id: '$residentId', visits: { $sum: 1 } } }])
    .toArray();
  return { elders, served: new Map(served.map((s) => [s._id, s.visits])) };
}

/** Coverage of `unit` in `month`: eligible and served per priority group, reached, visits; per child too. */
export async function naiveCoverage(db, unit, month) {
  const { elders, served } = await eldersAndServed(db, unit, month);
  const row = () => ({
    eligible: Object.fromEntries(GROUPS.map((g) => [g, 0])),
    served: Object.fromEntries(GROUPS.map((g) => [g, 0])),
    reached: 0,
    visits: 0,
  });
  const total = row();
  const children = new Map();
  for (const e of elders) {
    const visits = served.get(e._id) ?? 0;
    const rows = [total];
    if (depth(unit) < 4) {
      const c = childOf(unit, e.communityPath);
      if (!children.has(c)) children.set(c, row());
      rows.push(children.get(c));
    }
    const eligible = eligibleIn(e, month);
    const groups = ['all', ...groupsIn(e, month)];
    for (const r of rows) {
      r.visits += visits;
      if (visits > 0) r.reached++;
      if (!eligible) continue;
      for (const g of groups) {
        r.eligible[g]++;
        if (visits > 0) r.served[g]++;
      }
    }
  }
  return { unit: total, children: Object.fromEntries(children) };
}

/** The at-risk list of a community: living elders of a priority group without a visit in `days`. */
export async function naiveAtRisk(db, community, days, timeZone) {
  const elders = await db
    .collection('residents')
    .find({ communityPath: community }, { projection: FACTS })
    .toArray();
  // The docstore (FerretDB 1.24) has no $max accumulator in $group: each elder's last visit is taken
  // from the visits read back.
  const visits = await db
    .collection('visits')
    .find(
      { residentId: { $in: elders.map((e) => e._id) }, voidedAt: null },
      { projection: { _id: 0, residentId: 1, checkInAt: 1 } },
    )
    .toArray();
  const lastAt = new Map();
  for (const v of visits) {
    const t = new Date(v.checkInAt).getTime();
    if (!(lastAt.get(v.residentId) >= t)) lastAt.set(v.residentId, t);
  }
  const lastOf = new Map([...lastAt].map(([id, t]) => [id, new Date(t).toISOString()]));
  const profiles = elders.map((e) => ({ ...e, lastServedAt: lastOf.get(e._id) ?? null }));
  const today = localDay(new Date(), timeZone);
  return atRiskElders(profiles, { today, window: days, walletUnused: () => null });
}

/** Accessibility's supply and use of `unit` in `month`: centres, places, eligible elders, visits. */
export async function naiveAccessibility(db, unit, month) {
  const coverage = await naiveCoverage(db, unit, month);
  const centres = await db
    .collection('centres')
    .find({ ...scopeOf(unit), active: true })
    .toArray();
  const supply = { centres: centres.length, capacity: centres.reduce((s, c) => s + c.capacity, 0) };
  const eligible = coverage.unit.eligible.all;
  return {
    ...supply,
    eligibleElders: eligible,
    capacityPerThousand: eligible ? Math.round((supply.capacity / eligible) * 1000 * 100) / 100 : null,
    visits: coverage.unit.visits,
  };
}

/** The same figures read from the real answers, for the equality check. */
export const realCoverageRow = (row) => ({
  eligible: Object.fromEntries(GROUPS.map((g) => [g, row.groups[g]?.eligible ?? null])),
  served: Object.fromEntries(GROUPS.map((g) => [g, row.groups[g]?.served ?? null])),
  reached: row.reached,
  visits: row.services.visits,
});

/** Cells equal where the real answer shows them (suppressed cells, null, are not compared). */
export function sameCoverage(naive, real) {
  const diffs = [];
  for (const part of ['eligible', 'served'])
    for (const g of GROUPS)
      if (real[part][g] !== null && real[part][g] !== naive[part][g])
        diffs.push(`${part}.${g}: ${naive[part][g]} ≠ ${real[part][g]}`);
  if (real.reached !== null && real.reached !== naive.reached)
    diffs.push(`reached: ${naive.reached} ≠ ${real.reached}`);
  if (real.visits !== naive.visits) diffs.push(`visits: ${naive.visits} ≠ ${real.visits}`);
  return diffs;
}
