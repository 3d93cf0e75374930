// Public surface of src/ml/fields (general-field extraction, ml.md §8).

export {
  BUILTIN_FIELD_KINDS,
  KIND_PRIORITY,
  extractBuiltins,
  resolveOverlaps,
} from './builtins.js';
export { calendarDateIn, defaultLocaleOf, fieldContext } from './context.js';
export { loadNameTagger, nameTaggerLoaded } from './names.js';
export { USER_REGEX_BUDGET_MS, runUserRegexes } from './regex-runner.js';
export { codePointOffset, toWireSpan, type ContentPart, type WireSpan } from './spans.js';
export type { Extraction, FieldContext } from './types.js';
export {
  compileField,
  compileUserPattern,
  extractFields,
  isRuleField,
  type CommentText,
  type CompiledField,
  type FieldDefinition,
  type FieldExtraction,
  type FieldRules,
  type FieldWarning,
} from './user-fields.js';
