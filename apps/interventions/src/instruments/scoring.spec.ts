import { AGREEMENT_SCALE, parseInstrument } from './instrument.js';
import { reverseScore, scoreAnswers } from './scoring.js';

const item = (code: string, reverse = false) => ({
  code,
  text: { zh: `题目 ${code}`, en: `Item ${code}` },
  reverse,
});

/** Two dimensions (one with a reversed item) and two categorical questions. */
const tiny = parseInstrument({
  code: 'tiny-scale',
  version: 1,
  title: { zh: '小量表', en: 'Tiny scale' },
  scale: AGREEMENT_SCALE,
  dimensions: [
    { code: 'alpha', title: { zh: '甲', en: 'Alpha' }, items: [item('a-1'), item('a-2'), item('a-3', true)] },
    { code: 'beta', title: { zh: '乙', en: 'Beta' }, items: [item('b-1', true), item('b-2', true)] },
  ],
  questions: [
    {
      code: 'living',
      text: { zh: '居住', en: 'Living' },
      multiple: false,
      options: ['alone', 'with-partner', 'other'].map((code) => ({ code, label: { zh: code, en: code } })),
    },
    {
      code: 'channels',
      text: { zh: '途径', en: 'Channels' },
      multiple: true,
      options: ['self-study', 'children', 'community'].map((code) => ({
        code,
        label: { zh: code, en: code },
      })),
    },
  ],
});

const full = { 'a-1': 4, 'a-2': 5, 'a-3': 2, 'b-1': 1, 'b-2': 2 };

describe('reverseScore', () => {
  it('mirrors the 5-point scale: 6 − raw', () => {
    expect([1, 2, 3, 4, 5].map((raw) => reverseScore(AGREEMENT_SCALE, raw))).toEqual([5, 4, 3, 2, 1]);
  });
});

describe('scoreAnswers', () => {
  it('averages each dimension after reverse scoring (checked by hand)', () => {
    // alpha: 4, 5 and reversed 2 → 6 − 2 = 4; (4 + 5 + 4) / 3 = 13 / 3
    // beta: reversed 1 → 5 and reversed 2 → 4; (5 + 4) / 2 = 4.5
    expect(scoreAnswers(tiny, full)).toEqual({
      ok: true,
      dimensions: { alpha: 13 / 3, beta: 4.5 },
      categorical: {},
    });
  });

  it('scores straight-lining differently on reversed items', () => {
    const allFives = { 'a-1': 5, 'a-2': 5, 'a-3': 5, 'b-1': 5, 'b-2': 5 };
    // alpha: (5 + 5 + 1) / 3; beta: (1 + 1) / 2
    expect(scoreAnswers(tiny, allFives)).toMatchObject({ ok: true, dimensions: { alpha: 11 / 3, beta: 1 } });
    const allThrees = { 'a-1': 3, 'a-2': 3, 'a-3': 3, 'b-1': 3, 'b-2': 3 };
    expect(scoreAnswers(tiny, allThrees)).toMatchObject({ ok: true, dimensions: { alpha: 3, beta: 3 } });
  });

  it('rejects an incomplete set naming each missing item (absent, undefined or null)', () => {
    expect(scoreAnswers(tiny, { 'a-1': 4, 'a-3': undefined, 'b-1': null, 'b-2': 2 })).toEqual({
      ok: false,
      problems: [
        { item: 'a-2', problem: 'missing' },
        { item: 'a-3', problem: 'missing' },
        { item: 'b-1', problem: 'missing' },
      ],
    });
  });

  it('rejects an empty answer set naming every item', () => {
    const result = scoreAnswers(tiny, {});
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems.map((p) => p.item)).toEqual(['a-1', 'a-2', 'a-3', 'b-1', 'b-2']);
  });

  it('refuses answers off the scale and answers that are not integers', () => {
    expect(
      scoreAnswers(tiny, { ...full, 'a-1': 0, 'a-2': 6, 'a-3': 2.5, 'b-1': '3', 'b-2': Number.NaN }),
    ).toEqual({
      ok: false,
      problems: [
        { item: 'a-1', problem: 'out-of-range' },
        { item: 'a-2', problem: 'out-of-range' },
        { item: 'a-3', problem: 'not-an-integer' },
        { item: 'b-1', problem: 'not-an-integer' },
        { item: 'b-2', problem: 'not-an-integer' },
      ],
    });
    expect(scoreAnswers(tiny, { ...full, 'b-2': true })).toEqual({
      ok: false,
      problems: [{ item: 'b-2', problem: 'not-an-integer' }],
    });
  });

  it('refuses answers for codes the instrument does not have, but not inherited properties', () => {
    expect(scoreAnswers(tiny, { ...full, 'a-4': 3, 'c-1': 5 })).toEqual({
      ok: false,
      problems: [
        { item: 'a-4', problem: 'unknown-item' },
        { item: 'c-1', problem: 'unknown-item' },
      ],
    });
    // `constructor`, `toString` … are not answers; an own `__proto__` key (JSON.parse) is an unknown item.
    expect(scoreAnswers(tiny, { ...full })).toMatchObject({ ok: true });
    expect(scoreAnswers(tiny, JSON.parse(`{"a-1":4,"a-2":5,"a-3":2,"b-1":1,"b-2":2,"__proto__":1}`))).toEqual(
      {
        ok: false,
        problems: [{ item: '__proto__', problem: 'unknown-item' }],
      },
    );
  });

  it('records a single-choice answer as one option code', () => {
    expect(scoreAnswers(tiny, { ...full, living: 'alone' })).toMatchObject({
      ok: true,
      categorical: { living: ['alone'] },
    });
  });

  it('records a multiple-choice answer in option order, once each; a bare code is one choice; [] is none', () => {
    expect(scoreAnswers(tiny, { ...full, channels: ['community', 'self-study', 'community'] })).toMatchObject(
      {
        ok: true,
        categorical: { channels: ['self-study', 'community'] },
      },
    );
    expect(scoreAnswers(tiny, { ...full, channels: 'children' })).toMatchObject({
      ok: true,
      categorical: { channels: ['children'] },
    });
    expect(scoreAnswers(tiny, { ...full, channels: [] })).toMatchObject({
      ok: true,
      categorical: { channels: [] },
    });
  });

  it('lets a survey skip categorical questions: no problem, absent from the result', () => {
    const result = scoreAnswers(tiny, { ...full, living: null, channels: undefined });
    expect(result).toEqual({ ok: true, dimensions: { alpha: 13 / 3, beta: 4.5 }, categorical: {} });
  });

  it('refuses an array for a single-choice question and options the question does not have', () => {
    expect(scoreAnswers(tiny, { ...full, living: ['alone'], channels: ['self-study', 'tv', 3] })).toEqual({
      ok: false,
      problems: [
        { item: 'living', problem: 'not-multiple' },
        { item: 'channels', problem: 'unknown-option', option: 'tv' },
        { item: 'channels', problem: 'unknown-option', option: '3' },
      ],
    });
    expect(scoreAnswers(tiny, { ...full, living: 'with-children' })).toEqual({
      ok: false,
      problems: [{ item: 'living', problem: 'unknown-option', option: 'with-children' }],
    });
  });

  it('lists every problem of every kind at once, in instrument order then unknown codes', () => {
    const answers = {
      'a-1': 7,
      'a-3': 1.5,
      'b-1': 2,
      'b-2': 'five',
      living: ['alone', 'other'],
      channels: ['radio'],
      'z-9': 1,
    };
    expect(scoreAnswers(tiny, answers)).toEqual({
      ok: false,
      problems: [
        { item: 'a-1', problem: 'out-of-range' },
        { item: 'a-2', problem: 'missing' },
        { item: 'a-3', problem: 'not-an-integer' },
        { item: 'b-2', problem: 'not-an-integer' },
        { item: 'living', problem: 'not-multiple' },
        { item: 'channels', problem: 'unknown-option', option: 'radio' },
        { item: 'z-9', problem: 'unknown-item' },
      ],
    });
  });

  it('does not modify the answers it is given', () => {
    const answers = { ...full, channels: ['community', 'self-study'] };
    const copy = structuredClone(answers);
    scoreAnswers(tiny, answers);
    expect(answers).toEqual(copy);
  });
});
