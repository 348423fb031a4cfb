import { z } from 'zod';
import { AGREEMENT_SCALE, InstrumentDefinition, instrumentKey, parseInstrument } from './instrument.js';
import { SHIPPED_INSTRUMENTS } from './seed-instruments.js';

type Input = z.input<typeof InstrumentDefinition>;

const item = (code: string, reverse = false) => ({
  code,
  text: { zh: `题目 ${code}`, en: `Item ${code}` },
  reverse,
});

function definition(overrides: Partial<Input> = {}): Input {
  return {
    code: 'tiny-scale',
    version: 1,
    title: { zh: '小量表', en: 'Tiny scale' },
    scale: AGREEMENT_SCALE,
    dimensions: [
      { code: 'alpha', title: { zh: '甲', en: 'Alpha' }, items: [item('a-1'), item('a-2', true)] },
      { code: 'beta', title: { zh: '乙', en: 'Beta' }, items: [item('b-1'), item('b-2')] },
    ],
    ...overrides,
  };
}

/** The messages of a refused definition (fails the test if it was accepted). */
function refusal(input: unknown): string[] {
  const result = InstrumentDefinition.safeParse(input);
  if (result.success) throw new Error('expected the definition to be refused');
  return result.error.issues.map((issue) => issue.message);
}

const question = (code: string, options: string[], multiple = false) => ({
  code,
  text: { zh: `问题 ${code}`, en: `Question ${code}` },
  multiple,
  options: options.map((o) => ({ code: o, label: { zh: o, en: o } })),
});

describe('InstrumentDefinition', () => {
  it('accepts a minimal definition, with or without categorical questions', () => {
    expect(InstrumentDefinition.safeParse(definition()).success).toBe(true);
    expect(
      InstrumentDefinition.safeParse(definition({ questions: [question('q', ['x', 'y'])] })).success,
    ).toBe(true);
  });

  it('accepts every shipped instrument', () => {
    for (const instrument of SHIPPED_INSTRUMENTS)
      expect(InstrumentDefinition.parse(instrument)).toEqual(instrument);
  });

  it('refuses a duplicate item code, within a dimension or across dimensions, naming it', () => {
    const within = definition({
      dimensions: [{ code: 'alpha', title: { zh: '甲', en: 'Alpha' }, items: [item('a-1'), item('a-1')] }],
    });
    expect(refusal(within)).toEqual([expect.stringContaining('duplicate code "a-1"')]);

    const across = definition({
      dimensions: [
        { code: 'alpha', title: { zh: '甲', en: 'Alpha' }, items: [item('a-1'), item('x-1')] },
        { code: 'beta', title: { zh: '乙', en: 'Beta' }, items: [item('b-1'), item('x-1')] },
      ],
    });
    expect(refusal(across)).toEqual([
      'duplicate code "x-1" in item of dimension "beta" (already item of dimension "alpha")',
    ]);
  });

  it('refuses a duplicate dimension code, naming it', () => {
    const input = definition({
      dimensions: [
        { code: 'alpha', title: { zh: '甲', en: 'Alpha' }, items: [item('a-1'), item('a-2')] },
        { code: 'alpha', title: { zh: '甲', en: 'Alpha' }, items: [item('b-1'), item('b-2')] },
      ],
    });
    expect(refusal(input)).toEqual(['duplicate dimension code "alpha"']);
  });

  it('refuses a dimension without items or with a single item, naming the dimension', () => {
    const input = definition({
      dimensions: [
        { code: 'empty', title: { zh: '空', en: 'Empty' }, items: [] },
        { code: 'lonely', title: { zh: '单', en: 'Lonely' }, items: [item('l-1')] },
      ],
    });
    expect(refusal(input)).toEqual([
      'dimension "empty" has 0 item(s); it needs at least 2',
      'dimension "lonely" has 1 item(s); it needs at least 2',
    ]);
  });

  it('refuses an instrument without dimensions', () => {
    expect(refusal(definition({ dimensions: [] }))).toEqual(['an instrument needs at least one dimension']);
  });

  it('refuses question codes that clash with an item or another question, duplicate options, and one-option questions', () => {
    const input = definition({
      questions: [question('a-1', ['x', 'y']), question('q', ['x', 'x']), question('q', ['only'])],
    });
    expect(refusal(input)).toEqual([
      'duplicate code "a-1" in question (already item of dimension "alpha")',
      'duplicate option code "x" in question "q"',
      'duplicate code "q" in question (already question)',
      'question "q" has 1 option(s); it needs at least 2',
    ]);
  });

  it('refuses codes that are not kebab-case, naming the value', () => {
    expect(refusal(definition({ code: 'Empowerment_Scale' }))).toEqual([
      expect.stringContaining('"Empowerment_Scale" is not a code'),
    ]);
    const input = definition({
      dimensions: [{ code: 'alpha', title: { zh: '甲', en: 'Alpha' }, items: [item('a 1'), item('-a')] }],
    });
    expect(refusal(input)).toEqual([
      expect.stringContaining('"a 1" is not a code'),
      expect.stringContaining('"-a" is not a code'),
    ]);
  });

  it('refuses a scale other than 1..5 with five labels', () => {
    expect(refusal(definition({ scale: { ...AGREEMENT_SCALE, max: 7 } as never }))).toHaveLength(1);
    const fourLabels = {
      ...AGREEMENT_SCALE,
      labels: { ...AGREEMENT_SCALE.labels, en: ['a', 'b', 'c', 'd'] },
    };
    expect(refusal(definition({ scale: fourLabels }))).toEqual(['a 5-point scale has exactly 5 labels']);
  });

  it('refuses a version that is not a positive integer', () => {
    expect(refusal(definition({ version: 0 }))).toHaveLength(1);
    expect(refusal(definition({ version: 1.5 }))).toHaveLength(1);
  });

  it('refuses unknown keys (a misspelt `reversed` fails loudly) and missing translations', () => {
    const misspelt = definition({
      dimensions: [
        {
          code: 'alpha',
          title: { zh: '甲', en: 'Alpha' },
          items: [item('a-1'), { code: 'a-2', text: { zh: '题', en: 'Item' }, reversed: true } as never],
        },
      ],
    });
    expect(refusal(misspelt).length).toBeGreaterThan(0);
    expect(refusal(definition({ title: { zh: '小量表', en: '  ' } }))).toEqual(['must not be empty']);
  });

  it('parseInstrument throws naming the instrument and the problem', () => {
    expect(() => parseInstrument(definition({ dimensions: [] }))).toThrow(
      /invalid tiny-scale@1:[\s\S]*at least one dimension/,
    );
  });
});

describe('instrumentKey', () => {
  it('is code@version', () => {
    expect(instrumentKey('empowerment-smartphone', 1)).toBe('empowerment-smartphone@1');
    expect(instrumentKey('internet-adaptation', 12)).toBe('internet-adaptation@12');
  });
});
