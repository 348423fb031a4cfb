export {
  AGREEMENT_SCALE,
  CategoricalQuestion,
  InstrumentDefinition,
  InstrumentDimension,
  InstrumentItem,
  instrumentKey,
  LikertScale,
  LocalizedText,
  MIN_ITEMS_PER_DIMENSION,
  parseInstrument,
  QuestionOption,
} from './instrument.js';
export { findShippedInstrument, SHIPPED_INSTRUMENTS } from './seed-instruments.js';
export {
  reverseScore,
  scoreAnswers,
  type AnswerProblem,
  type AnswerProblemKind,
  type RejectedAnswers,
  type ScoredAnswers,
  type ScoreResult,
} from './scoring.js';
