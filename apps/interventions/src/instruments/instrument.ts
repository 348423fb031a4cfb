import { z } from 'zod';

/**
 * An assessment instrument: versioned data, never code. A definition is immutable once
 * published: a change of wording, items or dimensions is a new `version` (a new definition),
 * and assessments name the definition they were taken with as `code@version`.
 */

const CODE_PATTERN = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;
const CODE_HINT = 'lower-case kebab-case: a-z, 0-9 and single hyphens, starting with a letter';

/** A kebab-case code (`empowerment-smartphone`, `info-1`); the message names the offending value. */
const Code = z
  .string()
  .max(60, { error: (issue) => `${JSON.stringify(issue.input)} is longer than 60 characters` })
  .regex(CODE_PATTERN, { error: (issue) => `${JSON.stringify(issue.input)} is not a code (${CODE_HINT})` });

const Text = z.string().trim().min(1, { error: 'must not be empty' }).max(500);

/** Every text an elder or a social worker reads is given in Chinese and in English. */
export const LocalizedText = z.strictObject({ zh: Text, en: Text });
export type LocalizedText = z.output<typeof LocalizedText>;

const FiveLabels = z.array(Text).length(5, { error: 'a 5-point scale has exactly 5 labels' });

/** Always a 5-point Likert scale: answers are the integers 1..5, labels from the lowest point up. */
export const LikertScale = z.strictObject({
  min: z.literal(1),
  max: z.literal(5),
  labels: z.strictObject({ zh: FiveLabels, en: FiveLabels }),
});
export type LikertScale = z.output<typeof LikertScale>;

/** The agreement scale the seeds' questionnaires use ("strongly disagree" … "strongly agree"). */
export const AGREEMENT_SCALE: LikertScale = {
  min: 1,
  max: 5,
  labels: {
    zh: ['非常不同意', '不太同意', '一般', '比较同意', '非常同意'],
    en: ['Strongly disagree', 'Somewhat disagree', 'Neutral', 'Somewhat agree', 'Strongly agree'],
  },
};

/** A Likert item. `reverse`: agreeing means less of the dimension, so it is scored (min+max) − raw. */
export const InstrumentItem = z.strictObject({ code: Code, text: LocalizedText, reverse: z.boolean() });
export type InstrumentItem = z.output<typeof InstrumentItem>;

export const MIN_ITEMS_PER_DIMENSION = 2;

/** A dimension is scored as the mean of its items (after reverse scoring). */
export const InstrumentDimension = z.strictObject({
  code: Code,
  title: LocalizedText,
  // The minimum is checked on the whole instrument, so the message can name the dimension.
  items: z.array(InstrumentItem).max(30),
});
export type InstrumentDimension = z.output<typeof InstrumentDimension>;

export const QuestionOption = z.strictObject({ code: Code, label: LocalizedText });
export type QuestionOption = z.output<typeof QuestionOption>;

/** A categorical survey question (living arrangement, learning channels): not scored, cross-tabulated. */
export const CategoricalQuestion = z.strictObject({
  code: Code,
  text: LocalizedText,
  /** true: any number of options may be chosen (an array); false: exactly one (an option code). */
  multiple: z.boolean(),
  // The minimum is checked on the whole instrument, so the message can name the question.
  options: z.array(QuestionOption).max(30),
});
export type CategoricalQuestion = z.output<typeof CategoricalQuestion>;

/**
 * Item codes and question codes share one namespace: an answer set is a single map from
 * code to answer, so a question may not reuse an item's code.
 */
export const InstrumentDefinition = z
  .strictObject({
    code: Code,
    version: z.number().int().positive(),
    title: LocalizedText,
    scale: LikertScale,
    dimensions: z
      .array(InstrumentDimension)
      .min(1, { error: 'an instrument needs at least one dimension' })
      .max(20),
    questions: z.array(CategoricalQuestion).max(30).optional(),
  })
  .superRefine((instrument, ctx) => {
    const dimensionCodes = new Set<string>();
    const answerCodes = new Map<string, string>(); // code → where it was first defined
    const claim = (code: string, where: string, path: (string | number)[]) => {
      const first = answerCodes.get(code);
      if (first === undefined) answerCodes.set(code, where);
      else
        ctx.addIssue({
          code: 'custom',
          message: `duplicate code "${code}" in ${where} (already ${first})`,
          path,
        });
    };

    instrument.dimensions.forEach((dimension, d) => {
      if (dimensionCodes.has(dimension.code))
        ctx.addIssue({
          code: 'custom',
          message: `duplicate dimension code "${dimension.code}"`,
          path: ['dimensions', d, 'code'],
        });
      dimensionCodes.add(dimension.code);
      if (dimension.items.length < MIN_ITEMS_PER_DIMENSION)
        ctx.addIssue({
          code: 'custom',
          message: `dimension "${dimension.code}" has ${dimension.items.length} item(s); it needs at least ${MIN_ITEMS_PER_DIMENSION}`,
          path: ['dimensions', d, 'items'],
        });
      dimension.items.forEach((item, i) =>
        claim(item.code, `item of dimension "${dimension.code}"`, ['dimensions', d, 'items', i, 'code']),
      );
    });

    (instrument.questions ?? []).forEach((question, q) => {
      claim(question.code, 'question', ['questions', q, 'code']);
      if (question.options.length < 2)
        ctx.addIssue({
          code: 'custom',
          message: `question "${question.code}" has ${question.options.length} option(s); it needs at least 2`,
          path: ['questions', q, 'options'],
        });
      const optionCodes = new Set<string>();
      question.options.forEach((option, o) => {
        if (optionCodes.has(option.code))
          ctx.addIssue({
            code: 'custom',
            message: `duplicate option code "${option.code}" in question "${question.code}"`,
            path: ['questions', q, 'options', o, 'code'],
          });
        optionCodes.add(option.code);
      });
    });
  });
export type InstrumentDefinition = z.output<typeof InstrumentDefinition>;

/** How an assessment names the definition it was taken with: `empowerment-smartphone@1`. */
export function instrumentKey(code: string, version: number): string {
  return `${code}@${version}`;
}

/** Parses a definition, or throws naming the instrument and every problem with its path. */
export function parseInstrument(input: unknown): InstrumentDefinition {
  const result = InstrumentDefinition.safeParse(input);
  if (result.success) return result.data;
  const code = (input as { code?: unknown } | null)?.code;
  const version = (input as { version?: unknown } | null)?.version;
  const name = typeof code === 'string' ? `${code}@${String(version)}` : 'instrument';
  throw new Error(`invalid ${name}:\n${z.prettifyError(result.error)}`);
}
