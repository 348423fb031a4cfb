import { instrumentKey, type InstrumentDefinition } from './instrument.js';
import { scoreAnswers } from './scoring.js';
import { findShippedInstrument, SHIPPED_INSTRUMENTS } from './seed-instruments.js';

const items = (instrument: InstrumentDefinition) => instrument.dimensions.flatMap((d) => d.items);

/** Every item answered `raw`, or `reversedRaw` on reverse-scored items. */
function answerAll(
  instrument: InstrumentDefinition,
  raw: number,
  reversedRaw = raw,
): Record<string, unknown> {
  return Object.fromEntries(items(instrument).map((i) => [i.code, i.reverse ? reversedRaw : raw]));
}

function shipped(key: string): InstrumentDefinition {
  const instrument = findShippedInstrument(key);
  if (!instrument) throw new Error(`${key} is not shipped`);
  return instrument;
}

describe('SHIPPED_INSTRUMENTS', () => {
  it('ships the three seeds’ instruments at version 1 with the dimensions the studies measured', () => {
    const shape = SHIPPED_INSTRUMENTS.map((i) => [
      instrumentKey(i.code, i.version),
      i.dimensions.map((d) => d.code),
    ]);
    expect(shape).toEqual([
      ['empowerment-smartphone@1', ['information', 'expression', 'relationship', 'action']],
      [
        'internet-adaptation@1',
        ['adaptation', 'phone-impact', 'problem-solving', 'social-participation', 'well-being'],
      ],
      ['volunteer-service-capacity@1', ['service-skills', 'teamwork', 'communication', 'resource-linking']],
    ]);
  });

  it.each(SHIPPED_INSTRUMENTS.map((i) => [instrumentKey(i.code, i.version), i] as const))(
    '%s: 4–5 items per dimension, at least one reversed, all on the 1..5 agreement scale',
    (_key, instrument) => {
      expect(instrument.scale).toMatchObject({ min: 1, max: 5 });
      for (const dimension of instrument.dimensions) {
        expect(dimension.items.length).toBeGreaterThanOrEqual(4);
        expect(dimension.items.length).toBeLessThanOrEqual(5);
        expect(dimension.items.some((i) => i.reverse)).toBe(true);
        expect(dimension.items.some((i) => !i.reverse)).toBe(true);
      }
    },
  );

  it.each(SHIPPED_INSTRUMENTS.map((i) => [instrumentKey(i.code, i.version), i] as const))(
    '%s scores a full answer set',
    (_key, instrument) => {
      const dimensionCodes = instrument.dimensions.map((d) => d.code);
      const neutral = scoreAnswers(instrument, answerAll(instrument, 3));
      expect(neutral).toEqual({
        ok: true,
        dimensions: Object.fromEntries(dimensionCodes.map((code) => [code, 3])),
        categorical: {},
      });
      // Agreeing with every positive item and disagreeing with every reversed one is the top score.
      const best = scoreAnswers(instrument, answerAll(instrument, 5, 1));
      expect(best).toMatchObject({
        ok: true,
        dimensions: Object.fromEntries(dimensionCodes.map((c) => [c, 5])),
      });
      const worst = scoreAnswers(instrument, answerAll(instrument, 1, 5));
      expect(worst).toMatchObject({
        ok: true,
        dimensions: Object.fromEntries(dimensionCodes.map((c) => [c, 1])),
      });
    },
  );

  it('internet-adaptation@1 asks the living arrangement and the smartphone learning channels', () => {
    const instrument = shipped('internet-adaptation@1');
    expect(
      instrument.questions?.map((q) => [q.code, q.multiple, q.options.map((o) => o.code)] as const),
    ).toEqual([
      ['living-arrangement', false, ['alone', 'with-partner', 'with-children', 'other']],
      [
        'learning-channels',
        true,
        ['self-study', 'children', 'relatives-friends', 'community', 'senior-college'],
      ],
    ]);
    const answers = {
      ...answerAll(instrument, 4, 2),
      'living-arrangement': 'alone',
      'learning-channels': ['relatives-friends', 'self-study'],
    };
    expect(scoreAnswers(instrument, answers)).toMatchObject({
      ok: true,
      categorical: {
        'living-arrangement': ['alone'],
        'learning-channels': ['self-study', 'relatives-friends'],
      },
    });
  });

  it('the other two instruments carry no categorical questions', () => {
    expect(shipped('empowerment-smartphone@1').questions).toBeUndefined();
    expect(shipped('volunteer-service-capacity@1').questions).toBeUndefined();
  });

  it('names each missing item of a shipped instrument', () => {
    const instrument = shipped('empowerment-smartphone@1');
    const { 'info-2': _info, 'act-5': _act, ...answers } = answerAll(instrument, 4);
    expect(scoreAnswers(instrument, answers)).toEqual({
      ok: false,
      problems: [
        { item: 'info-2', problem: 'missing' },
        { item: 'act-5', problem: 'missing' },
      ],
    });
  });

  it('every text has a Chinese and an English wording', () => {
    for (const instrument of SHIPPED_INSTRUMENTS) {
      const texts = [
        instrument.title,
        ...instrument.dimensions.flatMap((d) => [d.title, ...d.items.map((i) => i.text)]),
        ...(instrument.questions ?? []).flatMap((q) => [q.text, ...q.options.map((o) => o.label)]),
      ];
      for (const text of texts) {
        expect(text.zh).toMatch(/[\u4e00-\u9fff]/);
        expect(text.en).toMatch(/^[\x20-\x7e]+$/);
      }
    }
  });

  it('is frozen: definitions are never edited in place', () => {
    const instrument = shipped('volunteer-service-capacity@1');
    expect(Object.isFrozen(SHIPPED_INSTRUMENTS)).toBe(true);
    expect(Object.isFrozen(instrument.dimensions[0]?.items[0])).toBe(true);
    expect(() => {
      (instrument as { version: number }).version = 2;
    }).toThrow(TypeError);
  });

  it('finds nothing for an unknown key or version', () => {
    expect(findShippedInstrument('empowerment-smartphone@2')).toBeUndefined();
    expect(findShippedInstrument('nothing@1')).toBeUndefined();
  });
});
