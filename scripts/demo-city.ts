/**
 * A small deterministic demo city, loaded through the public APIs (so it also
 * proves them): centres in two districts and a month of their visits. Loading
 * it twice changes nothing: every id is fixed and every API is idempotent.
 */
const CENTRES_URL = process.env.CENTRES_URL ?? 'http://127.0.0.1:3002';

const ACTIVITIES = ['meal', 'rehabilitation', 'recreation', 'health-check', 'training', 'day-care'] as const;

/** mulberry32: a tiny seeded PRNG, so every run makes the same city. */
function prng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const DEMO_CENTRES = [
  {
    id: 'c-heping-01',
    name: '和平区长白街道日间照料中心',
    kind: 'day-care',
    path: '2101.210102.210102001.210102001001',
    capacity: 40,
  },
  {
    id: 'c-heping-02',
    name: '和平区南湖街道社区养老服务中心',
    kind: 'service-centre',
    path: '2101.210102.210102002.210102002003',
    capacity: 60,
  },
  {
    id: 'c-heping-03',
    name: '和平区太原街社区长者食堂',
    kind: 'canteen',
    path: '2101.210102.210102003.210102003001',
    capacity: 80,
  },
  {
    id: 'c-shenhe-01',
    name: '沈河区大南街道日间照料中心',
    kind: 'day-care',
    path: '2101.210103.210103001.210103001002',
    capacity: 30,
  },
  {
    id: 'c-shenhe-02',
    name: '沈河区五里河街道老年活动室',
    kind: 'activity-room',
    path: '2101.210103.210103002.210103002001',
    capacity: 25,
  },
] as const;

async function send(method: string, path: string, body: unknown): Promise<Response> {
  const res = await fetch(`${CENTRES_URL}${path}`, {
    method,
    headers: { 'content-type': 'application/json', 'x-correlation-id': 'demo-city' },
    body: JSON.stringify(body),
  });
  if (res.status >= 400) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  return res;
}

async function main(): Promise<void> {
  const random = prng(20261125);
  const today = new Date();
  let recorded = 0;
  for (const c of DEMO_CENTRES) {
    await send('PUT', `/centres/${c.id}`, {
      name: c.name,
      kind: c.kind,
      communityPath: c.path,
      capacity: c.capacity,
    });
    const visits = [];
    for (let daysAgo = 30; daysAgo >= 1; daysAgo--) {
      const day = new Date(today.getTime() - daysAgo * 86_400_000);
      const count = Math.floor(random() * c.capacity * 0.6);
      for (let i = 0; i < count; i++) {
        // 08:00–11:00 Beijing time is 00:00–03:00 UTC.
        const checkIn = new Date(
          Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate(), 0, Math.floor(random() * 180)),
        );
        const checkOut = new Date(checkIn.getTime() + (30 + Math.floor(random() * 300)) * 60_000);
        visits.push({
          visitId: `${day.toISOString().slice(0, 10)}-${String(i).padStart(3, '0')}`,
          residentId: `r-${c.id.slice(2)}-${String(Math.floor(random() * c.capacity * 3)).padStart(4, '0')}`,
          activity: ACTIVITIES[Math.floor(random() * ACTIVITIES.length)],
          checkInAt: checkIn.toISOString(),
          checkOutAt: checkOut.toISOString(),
        });
      }
    }
    for (let i = 0; i < visits.length; i += 500) {
      const res = await send('POST', `/centres/${c.id}/visits`, { visits: visits.slice(i, i + 500) });
      recorded += ((await res.json()) as { recorded: number }).recorded;
    }
  }
  process.stdout.write(`demo city: ${DEMO_CENTRES.length} centres, ${recorded} new visits\n`);
}

await main();
