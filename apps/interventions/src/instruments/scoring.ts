import type { InstrumentDefinition, LikertScale } from './instrument.js';

/**
 * What can be wrong with one answer:
 * - `missing`: a Likert item has no answer (absent, `undefined` or `null`);
 * - `not-an-integer`: a Likert answer that is not an integer number (`2.5`, `"3"`, `true`);
 * - `out-of-range`: an integer outside the scale (`0`, `6`);
 * - `unknown-item`: an answer for a code that is neither an item nor a question of the instrument;
 * - `unknown-option`: a categorical answer that is not one of the question's option codes;
 * - `not-multiple`: an array answered to a single-choice question.
 */
export type AnswerProblemKind =
  'missing' | 'out-of-range' | 'not-an-integer' | 'unknown-item' | 'unknown-option' | 'not-multiple';

export interface AnswerProblem {
  /** The item or question code (for `unknown-item`, the code as answered). */
  item: string;
  problem: AnswerProblemKind;
  /** For `unknown-option`: the offending value (a string as given, anything else as JSON). */
  option?: string;
}

export interface ScoredAnswers {
  ok: true;
  /** Per dimension code: the mean of its item scores after reverse scoring, unrounded. */
  dimensions: Record<string, number>;
  /**
   * Per answered categorical question: the chosen option codes in the question's option
   * order (one for a single-choice question). An unanswered question is absent.
   */
  categorical: Record<string, string[]>;
}

export interface RejectedAnswers {
  ok: false;
  /** Every problem at once: items and questions in instrument order, then unknown codes as answered. */
  problems: AnswerProblem[];
}

export type ScoreResult = ScoredAnswers | RejectedAnswers;

/** The score of a reverse-scored item: (min + max) − raw, so 1↔5, 2↔4 and 3 stays 3 on a 5-point scale. */
export function reverseScore(scale: Pick<LikertScale, 'min' | 'max'>, raw: number): number {
  return scale.min + scale.max - raw;
}

/**
 * Scores one member's answer set (one assessment, pre or post) against an instrument.
 *
 * Every Likert item must be answered with an integer on the scale; an incomplete set is
 * rejected naming each missing item. Categorical questions are optional: a survey may skip
 * them, so an unanswered question (absent, `undefined` or `null`) is no problem and is simply
 * absent from `categorical`. A single-choice question takes one option code; a multiple-choice
 * question takes an array of option codes (duplicates are counted once, an empty array means
 * "none of these") or a single code, read as a one-element choice. Answers for codes the
 * instrument does not have are refused as `unknown-item`.
 */
export function scoreAnswers(
  instrument: InstrumentDefinition,
  answers: Record<string, unknown>,
): ScoreResult {
  const problems: AnswerProblem[] = [];
  const known = new Set<string>();
  // Own properties only: `answers.constructor` must not count as an answer.
  const answerOf = (code: string): unknown => (Object.hasOwn(answers, code) ? answers[code] : undefined);

  const dimensions: Record<string, number> = {};
  for (const dimension of instrument.dimensions) {
    let sum = 0;
    let complete = true;
    for (const item of dimension.items) {
      known.add(item.code);
      const raw = answerOf(item.code);
      const problem = likertProblem(instrument.scale, raw);
      if (problem) {
        problems.push({ item: item.code, problem });
        complete = false;
      } else {
        const value = raw as number;
        sum += item.reverse ? reverseScore(instrument.scale, value) : value;
      }
    }
    if (complete) dimensions[dimension.code] = sum / dimension.items.length;
  }

  const categorical: Record<string, string[]> = {};
  for (const question of instrument.questions ?? []) {
    known.add(question.code);
    const raw = answerOf(question.code);
    if (raw === undefined || raw === null) continue;
    if (Array.isArray(raw) && !question.multiple) {
      problems.push({ item: question.code, problem: 'not-multiple' });
      continue;
    }
    const given: unknown[] = Array.isArray(raw) ? raw : [raw];
    const optionCodes = question.options.map((option) => option.code);
    const unknown = given.filter((value) => typeof value !== 'string' || !optionCodes.includes(value));
    for (const value of unknown)
      problems.push({ item: question.code, problem: 'unknown-option', option: describe(value) });
    if (unknown.length === 0) categorical[question.code] = optionCodes.filter((code) => given.includes(code));
  }

  for (const code of Object.keys(answers))
    if (!known.has(code) && answers[code] !== undefined)
      problems.push({ item: code, problem: 'unknown-item' });

  return problems.length > 0 ? { ok: false, problems } : { ok: true, dimensions, categorical };
}

function likertProblem(scale: LikertScale, raw: unknown): AnswerProblemKind | undefined {
  if (raw === undefined || raw === null) return 'missing';
  if (typeof raw !== 'number' || !Number.isInteger(raw)) return 'not-an-integer';
  if (raw < scale.min || raw > scale.max) return 'out-of-range';
  return undefined;
}

function describe(value: unknown): string {
  if (typeof value === 'string') return value;
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
