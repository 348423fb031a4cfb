import { PlanBuilder } from '../projection/projection-plan.js';
import { placeTally } from './supply-records.js';
import { visibleProviders } from './scorecard-scope.js';
import type { ProviderScopeFields } from './accessibility.repository.js';
import { planTallyChange } from './tally.js';

const DISTRICT = '2101.210102';
const STREET = `${DISTRICT}.210102001`;
const OTHER_STREET = `${DISTRICT}.210102002`;

/** The unit counter documents the placements of some providers make. */
function docsOf(places: { id: string; owner: string; areas: string[] }[]): Map<string, ProviderScopeFields> {
  const plan = new PlanBuilder();
  for (const p of places)
    planTallyChange(
      plan,
      [],
      placeTally({ _id: p.id, owner: p.owner, areas: p.areas, asOf: '', counted: [] }),
    );
  const docs = new Map<string, ProviderScopeFields>();
  for (const i of plan.build().increments) {
    const doc: ProviderScopeFields = docs.get(i._id) ?? {};
    for (const [field, n] of Object.entries(i.inc)) {
      const [group, key] = field.split('.') as ['providers' | 'providersAreaAt', string];
      doc[group] = { ...doc[group], [key]: n };
    }
    docs.set(i._id, doc);
  }
  return docs;
}

describe('which scorecards staff see', () => {
  const docs = docsOf([
    { id: 'street-one', owner: DISTRICT, areas: [STREET] },
    { id: 'district-wide', owner: '2101', areas: [DISTRICT] },
    { id: 'other-street', owner: OTHER_STREET, areas: [OTHER_STREET] },
  ]);

  it('shows a unit the providers registered or working in it and those whose area covers it', () => {
    expect(visibleProviders(STREET, docs)).toEqual(['district-wide', 'street-one']);
    expect(visibleProviders(OTHER_STREET, docs)).toEqual(['district-wide', 'other-street']);
    expect(visibleProviders(DISTRICT, docs)).toEqual(['district-wide', 'other-street', 'street-one']);
    expect(visibleProviders('2101.210103', docs)).toEqual([]);
  });

  it('forgets a provider whose placement no longer counts', () => {
    const gone = new Map(docs);
    gone.set(STREET, { providers: { 'street-one': 0 }, providersAreaAt: { 'street-one': 0 } });
    expect(visibleProviders(STREET, gone)).toEqual(['district-wide']);
  });
});
