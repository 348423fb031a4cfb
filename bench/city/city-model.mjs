// The benchmark's city of `size` elders, deterministic (the same size gives the same city): its org
// units (1,000 elders a community, 10 communities a street, 10 streets a district, so a community
// holds as many elders at every size and a city grows by communities), centres, elders with their
// coded facts and eligibility, and `visitsPerElder × size` past visits spread over 90 days, given to
// 60 % of the elders (the rest were never reached). Each record both as the event its owning service
// publishes (same type, subject, org unit and payload) and as the raw record a naive report reads.
import { createEvent } from '#anlao/events';
import { localDay } from '#anlao/platform';

export const ELDERS_PER_COMMUNITY = 1_000;
const DAY = 86_400_000;
const TZ = 'Asia/Shanghai';

/** A small seeded PRNG (mulberry32): the same `seed` gives the same numbers. */
function rand(seed) {
  let t = (seed + 0x6d2b79f5) | 0;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}

const addMonths = (month, n) => {
  const [y, m] = month.split('-').map(Number);
  const k = y * 12 + m - 1 + n;
  return `${Math.floor(k / 12)}-${String((k % 12) + 1).padStart(2, '0')}`;
};

export function cityModel(size, { visitsPerElder, now = Date.now() }) {
  const nCommunities = Math.max(1, Math.ceil(size / ELDERS_PER_COMMUNITY));
  const units = [{ code: '2101', name: '沈阳市', level: 'city', parentCode: null, path: '2101' }];
  const communities = [];
  for (let c = 0; c < nCommunities; c++) {
    const district = `2101${String(2 + Math.floor(c / 100)).padStart(2, '0')}`;
    const street = `${district}${String(1 + (Math.floor(c / 10) % 10)).padStart(3, '0')}`;
    const code = `${street}${String(1 + (c % 10)).padStart(3, '0')}`;
    if (c % 100 === 0)
      units.push({
        code: district,
        name: `区${district}`,
        level: 'district',
        parentCode: '2101',
        path: `2101.${district}`,
      });
    if (c % 10 === 0)
      units.push({
        code: street,
        name: `街道${street}`,
        level: 'street',
        parentCode: district,
        path: `2101.${district}.${street}`,
      });
    const path = `2101.${district}.${street}.${code}`;
    units.push({ code, name: `社区${code}`, level: 'community', parentCode: street, path });
    communities.push(path);
  }
  const nCentres = Math.max(8, Math.ceil(nCommunities / 2));
  const centres = Array.from({ length: nCentres }, (_, k) => ({
    centreId: `c-city-${String(k + 1).padStart(4, '0')}`,
    name: `压测中心 ${k + 1}`,
    kind: ['day-care', 'service-centre', 'activity-room', 'canteen'][k % 4],
    communityPath: communities[k % nCommunities],
    capacity: 50 + (k % 4) * 50,
  }));
  const currentMonth = localDay(new Date(now), TZ).slice(0, 7);
  const eligibleFrom = `${addMonths(currentMonth, -3)}-01`; // registered and assessed then
  const registeredAt = new Date(`${eligibleFrom}T02:00:00Z`);
  const diedOn = `${addMonths(currentMonth, -1)}-10`;
  const nVisited = Math.ceil((size * 3) / 5); // elders i with i % 5 < 3: 60 %
  const nVisits = size * visitsPerElder;

  const elder = (i) => {
    const communityPath = communities[i % nCommunities];
    return {
      residentId: `r-city${String(i).padStart(10, '0')}`,
      communityPath,
      sex: i % 2 ? 'female' : 'male',
      birthYearMonth: `${1926 + ((i * 7) % 40)}-${String(1 + (i % 12)).padStart(2, '0')}`,
      hukou: i % 3 === 0 ? 'rural' : 'urban',
      livingArrangement: ['alone', 'with-partner', 'with-children', 'other'][i % 4],
      familyStatus: i % 23 === 0 ? 'shidu' : i % 5 === 1 ? 'empty-nest' : 'ordinary',
      economicStatus: i % 11 === 0 ? 'dibao' : i % 29 === 0 ? 'special-hardship' : 'ordinary',
      selfCare: ['independent', 'partly-dependent', 'dependent'][i % 3],
      eligible: i % 10 < 7,
      diedOn: i % 100 === 50 ? diedOn : null,
    };
  };

  /** The residents service's events for elder `i`: registration, assessment if eligible, death. */
  const elderEvents = (i) => {
    const e = elder(i);
    const { eligible, diedOn: died, ...facts } = e;
    const base = {
      source: 'residents',
      subject: e.residentId,
      orgUnit: e.communityPath,
      correlationId: 'bench-city-seed',
    };
    const out = [
      createEvent({ ...base, type: 'resident.registered', occurredAt: registeredAt, payload: facts }),
    ];
    if (eligible)
      out.push(
        createEvent({
          ...base,
          type: 'eligibility.assessed',
          occurredAt: registeredAt,
          payload: {
            residentId: e.residentId,
            communityPath: e.communityPath,
            categories: ['elderly-subsidy'],
            previousCategories: [],
            ruleSetVersion: 'bench-1',
            assessedOn: eligibleFrom,
            trigger: 'registered',
          },
        }),
      );
    if (died)
      out.push(
        createEvent({
          ...base,
          type: 'resident.died',
          occurredAt: new Date(`${died}T04:00:00Z`),
          payload: { residentId: e.residentId, communityPath: e.communityPath, diedOn: died },
        }),
      );
    return out;
  };

  /** The elder as a naive report would read it from the residents service's records. */
  const elderRecord = (i) => {
    const { residentId, eligible, diedOn: died, ...facts } = elder(i);
    return {
      _id: residentId,
      ...facts,
      eligibility: eligible ? [{ from: eligibleFrom, to: null }] : [],
      diedOn: died,
    };
  };

  /** Visit `j`: of a visited elder (round robin), at their community's centre, in the last 90 days. */
  const visit = (j) => {
    const k = j % nVisited;
    const i = Math.floor(k / 3) * 5 + (k % 3);
    const e = elder(i);
    const centre = centres[(i % nCommunities) % nCentres];
    const checkIn = now - 3_600_000 - Math.floor(rand(j) * 89 * DAY);
    const closed = rand(j + 7) < 0.8;
    return {
      centreId: centre.centreId,
      orgUnit: centre.communityPath,
      visitId: `v-city-${j}`,
      residentId: e.residentId,
      activity: ['meal', 'rehabilitation', 'recreation', 'health-check', 'training', 'day-care'][j % 6],
      checkInAt: new Date(checkIn),
      checkOutAt: closed ? new Date(checkIn + 20 * 60_000 + Math.floor(rand(j + 13) * 200 * 60_000)) : null,
    };
  };
  const visitEvent = (j) => {
    const v = visit(j);
    return createEvent({
      type: 'visit.recorded',
      source: 'centres',
      subject: `${v.centreId}:${v.visitId}`,
      orgUnit: v.orgUnit,
      correlationId: 'bench-city-seed',
      occurredAt: new Date(Math.min(now - 60_000, v.checkInAt.getTime() + 3_600_000)),
      payload: {
        visitId: v.visitId,
        centreId: v.centreId,
        residentId: v.residentId,
        activity: v.activity,
        checkInAt: v.checkInAt.toISOString(),
        checkOutAt: v.checkOutAt?.toISOString() ?? null,
      },
    });
  };
  /** The visit as centres stores it (its fields, without the outbox). */
  const visitRecord = (j) => {
    const v = visit(j);
    return {
      _id: `${v.centreId}:${v.visitId}`,
      centreId: v.centreId,
      day: localDay(v.checkInAt, TZ),
      visitId: v.visitId,
      residentId: v.residentId,
      activity: v.activity,
      checkInAt: v.checkInAt,
      checkOutAt: v.checkOutAt,
      voidedAt: null,
      receivedAt: new Date(Math.min(now - 60_000, v.checkInAt.getTime() + 3_600_000)),
    };
  };
  const unitEvent = (u) =>
    createEvent({
      type: 'org-unit.created',
      source: 'residents',
      subject: u.code,
      orgUnit: u.path,
      correlationId: 'bench-city-seed',
      occurredAt: registeredAt,
      payload: u,
    });

  return {
    size,
    nVisits,
    units,
    communities,
    centres,
    currentMonth,
    eligibleFrom,
    elder,
    elderEvents,
    elderRecord,
    visitEvent,
    visitRecord,
    unitEvent,
    timeZone: TZ,
  };
}
