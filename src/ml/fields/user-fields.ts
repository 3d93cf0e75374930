import { BUILTIN_FIELD_KINDS, extractBuiltins, keepNonOverlapping } from './builtins.js';
import { runUserRegexes, type RegexMatch, type RegexTask } from './regex-runner.js';
import { codePointMapper, toWireSpan, type ContentPart, type WireSpan } from './spans.js';
import type { Extraction, FieldContext } from './types.js';

// ml.md §8.4–§8.5: the fields of a dataset (built-in kinds, entity defs with rules, inheritance),
// run over every text part of a comment.

export type FieldRules = {
  suppressors?: readonly string[] | undefined;
  choices?: readonly { name: string; values: readonly string[] }[] | undefined;
  regex?:
    { pattern?: string; templates?: readonly { template: string; pattern: string }[] } | undefined;
};

/** One field to extract: `inherits` are builtin field type ids; `rules` narrow or define it. */
export type FieldDefinition = {
  key: string;
  inherits: readonly string[];
  rules: FieldRules | null;
};

type CompiledPattern = { regex: RegExp; template: string | null };

export type CompiledField = {
  key: string;
  kinds: ReadonlySet<string>;
  patterns: readonly CompiledPattern[];
  suppressors: readonly string[];
  choices: ReadonlyMap<string, string> | null;
};

/** A user pattern as the platform writes it: a leading `(?i)` becomes the `i` flag; always `u`. */
export function compileUserPattern(pattern: string): RegExp {
  const insensitive = pattern.startsWith('(?i)');
  return new RegExp(insensitive ? pattern.slice(4) : pattern, insensitive ? 'giu' : 'gu');
}

export function compileField(definition: FieldDefinition): CompiledField {
  const rules = definition.rules ?? {};
  const patterns: CompiledPattern[] = [];
  if (rules.regex?.pattern !== undefined) {
    patterns.push({ regex: compileUserPattern(rules.regex.pattern), template: null });
  }
  for (const item of rules.regex?.templates ?? []) {
    patterns.push({ regex: compileUserPattern(item.pattern), template: item.template });
  }
  const choices = new Map<string, string>();
  for (const choice of rules.choices ?? []) {
    for (const value of choice.values) {
      choices.set(value.trim().toLowerCase(), choice.name);
    }
  }
  return {
    key: definition.key,
    kinds: new Set(
      definition.inherits
        .map((id) => BUILTIN_FIELD_KINDS.get(id))
        .filter((kind): kind is string => kind !== undefined),
    ),
    patterns,
    suppressors: (rules.suppressors ?? []).map((item) => item.toLowerCase()),
    choices: choices.size > 0 ? choices : null,
  };
}

/** A field that can extract without training: it inherits a builtin or has a regex. */
export function isRuleField(field: CompiledField): boolean {
  return field.kinds.size > 0 || field.patterns.length > 0;
}

/** `$1…$9` and `$<name>` replaced by the capture groups of `match`. */
export function expandTemplate(template: string, match: RegexMatch): string {
  return template.replace(
    /\$(\d)|\$<([^>]+)>/g,
    (_, digit: string | undefined, name: string | undefined) =>
      digit !== undefined ? (match.groups[Number(digit)] ?? '') : (match.named?.[name!] ?? ''),
  );
}

/** A comment or document: messages with optional `subject`/`body`/`signature` `{text}` parts. */
export type CommentText = { messages: readonly unknown[] };

export type FieldExtraction = {
  field: string;
  formatted_value: string;
  span: WireSpan;
};

export type FieldWarning = { kind: 'regex_timeout'; field: string };

const PARTS: readonly ContentPart[] = ['subject', 'body', 'signature'];

type Part = { part: ContentPart; messageIndex: number; text: string };

function partsOf(comment: CommentText): Part[] {
  const out: Part[] = [];
  comment.messages.forEach((message, messageIndex) => {
    if (typeof message !== 'object' || message === null) {
      return;
    }
    for (const part of PARTS) {
      const text = (message as Partial<Record<ContentPart, { text?: unknown } | undefined>>)[part]
        ?.text;
      if (typeof text === 'string' && text !== '') {
        out.push({ part, messageIndex, text });
      }
    }
  });
  return out;
}

type Candidate = Extraction & { rank: number };

/** Suppressors, then choices (which also discard every other match), ml.md §8.4. */
function narrowed(field: CompiledField, text: string, candidate: Candidate): Candidate | null {
  const written = text.slice(candidate.start, candidate.end).toLowerCase();
  if (field.suppressors.some((item) => written.includes(item))) {
    return null;
  }
  if (field.choices !== null) {
    const name = field.choices.get(written.trim());
    return name === undefined ? null : { ...candidate, formatted_value: name };
  }
  return candidate;
}

/** One per stretch of text: the first pattern wins, then the longer match, then the earlier one. */
function nonOverlapping(candidates: readonly Candidate[]): Candidate[] {
  return keepNonOverlapping(
    [...candidates].sort(
      (a, b) => a.rank - b.rank || b.end - b.start - (a.end - a.start) || a.start - b.start,
    ),
  );
}

/**
 * Every rule field's extractions in a comment. Builtins run once per text part; a field that
 * inherits keeps its kinds' spans, narrowed by its patterns (one must match inside the span, a
 * template then gives the value); a field without inheritance takes each pattern match as a span.
 * All user regexes of the comment share one time budget: past it, those fields yield nothing here
 * and a `regex_timeout` warning names them.
 */
export function extractFields(
  comment: CommentText,
  fields: readonly CompiledField[],
  context: FieldContext,
  options: { budgetMs?: number } = {},
): { entities: FieldExtraction[]; warnings: FieldWarning[] } {
  const ruleFields = fields.filter(isRuleField);
  if (ruleFields.length === 0) {
    return { entities: [], warnings: [] };
  }
  const parts = partsOf(comment);
  const needsBuiltins = ruleFields.some((field) => field.kinds.size > 0);
  const names = {
    person: ruleFields.some((field) => field.kinds.has('person')),
    org: ruleFields.some((field) => field.kinds.has('org')),
  };
  const builtins = parts.map((part) =>
    needsBuiltins ? extractBuiltins(part.text, context, names) : [],
  );
  // One regex task per (field, pattern, stretch of text): the part for free-standing fields, each
  // inherited candidate for narrowing fields.
  const tasks: RegexTask[] = [];
  const plan: {
    field: number;
    part: number;
    rank: number;
    candidate: Extraction | null;
    template: string | null;
  }[] = [];
  ruleFields.forEach((field, fieldIndex) => {
    parts.forEach((part, partIndex) => {
      const inherited =
        field.kinds.size === 0
          ? null
          : builtins[partIndex]!.filter((item) => field.kinds.has(item.kind));
      field.patterns.forEach((pattern, rank) => {
        if (inherited === null) {
          tasks.push({ pattern: pattern.regex, text: part.text });
          plan.push({
            field: fieldIndex,
            part: partIndex,
            rank,
            candidate: null,
            template: pattern.template,
          });
        } else {
          for (const candidate of inherited) {
            tasks.push({
              pattern: pattern.regex,
              text: part.text.slice(candidate.start, candidate.end),
            });
            plan.push({
              field: fieldIndex,
              part: partIndex,
              rank,
              candidate,
              template: pattern.template,
            });
          }
        }
      });
    });
  });
  const results = runUserRegexes(tasks, options.budgetMs);
  const warnings: FieldWarning[] =
    results === null
      ? ruleFields
          .filter((field) => field.patterns.length > 0)
          .map((field) => ({ kind: 'regex_timeout', field: field.key }))
      : [];
  const byFieldPart = new Map<string, Candidate[]>();
  const add = (fieldIndex: number, partIndex: number, candidate: Candidate) => {
    const key = `${fieldIndex}:${partIndex}`;
    const list = byFieldPart.get(key);
    if (list === undefined) {
      byFieldPart.set(key, [candidate]);
    } else {
      list.push(candidate);
    }
  };
  if (results !== null) {
    plan.forEach((step, index) => {
      const matches = results[index]!;
      if (step.candidate === null) {
        for (const match of matches) {
          const whole = match.groups[0]!;
          add(step.field, step.part, {
            kind: ruleFields[step.field]!.key,
            start: match.index,
            end: match.index + whole.length,
            formatted_value: step.template === null ? whole : expandTemplate(step.template, match),
            rank: step.rank,
          });
        }
      } else if (matches.length > 0) {
        add(step.field, step.part, {
          ...step.candidate,
          formatted_value:
            step.template === null
              ? step.candidate.formatted_value
              : expandTemplate(step.template, matches[0]!),
          rank: step.rank,
        });
      }
    });
  }
  // Inheriting fields without patterns take their kinds' spans as they are.
  ruleFields.forEach((field, fieldIndex) => {
    if (field.kinds.size === 0 || field.patterns.length > 0) {
      return;
    }
    parts.forEach((_, partIndex) => {
      for (const item of builtins[partIndex]!) {
        if (field.kinds.has(item.kind)) {
          add(fieldIndex, partIndex, { ...item, rank: 0 });
        }
      }
    });
  });
  const entities: FieldExtraction[] = [];
  const mappers = parts.map((part) => codePointMapper(part.text));
  ruleFields.forEach((field, fieldIndex) => {
    parts.forEach((part, partIndex) => {
      const candidates = (byFieldPart.get(`${fieldIndex}:${partIndex}`) ?? [])
        .map((candidate) => narrowed(field, part.text, candidate))
        .filter((candidate): candidate is Candidate => candidate !== null);
      for (const candidate of nonOverlapping(candidates)) {
        entities.push({
          field: field.key,
          formatted_value: candidate.formatted_value,
          span: toWireSpan(
            part.text,
            part.part,
            part.messageIndex,
            candidate.start,
            candidate.end,
            mappers[partIndex],
          ),
        });
      }
    });
  });
  return { entities, warnings };
}
