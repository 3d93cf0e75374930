import type {
  EntityDefNew,
  EntityRulesNew,
  GeneralFieldDefNew,
} from '../../contracts/label-defs.js';
import type { IdGenerator } from '../../lib/ids.js';
import { canonicalJson } from '../../lib/json.js';
import type { EntityDefRecord, EntityRulesRecord, GeneralFieldRecord } from '../../store/store.js';
import { conflict, invalid } from '../errors.js';

import { fieldTypeById, fieldTypeByName } from './field-types.js';

const MAX_PATTERN_LENGTH = 1000;

/**
 * Refuses user regexes that cannot run safely (ml.md §8.4): they must compile with the `u` flag (a
 * leading `(?i)` becomes the `i` flag), stay short, use no back-references and no quantified group
 * that itself contains a quantifier (`(a+)+`, `(a|a?)+`: catastrophic backtracking).
 */
export function checkUserRegex(pattern: string, path: string): void {
  if (pattern.length > MAX_PATTERN_LENGTH) {
    throw invalid(`${path}: at most ${MAX_PATTERN_LENGTH} characters allowed`);
  }
  const source = pattern.startsWith('(?i)') ? pattern.slice(4) : pattern;
  try {
    new RegExp(source, pattern.startsWith('(?i)') ? 'iu' : 'u');
  } catch (error) {
    throw invalid(
      `${path}: invalid regular expression: ${error instanceof Error ? error.message : 'does not compile'}`,
    );
  }
  const problem = unsafeConstruct(source);
  if (problem !== null) {
    throw invalid(`${path}: ${problem}`);
  }
}

/** A scan of a compilable pattern for back-references and nested quantifiers. */
function unsafeConstruct(source: string): string | null {
  // One frame per open group: does its body repeat something a variable number of times?
  const groups: boolean[] = [false];
  let inClass = false;
  let index = 0;
  const markQuantified = () => {
    groups[groups.length - 1] = true;
  };
  while (index < source.length) {
    const char = source[index]!;
    if (char === '\\') {
      const next = source[index + 1] ?? '';
      if (!inClass && (/[1-9]/.test(next) || next === 'k')) {
        return 'back-references are not allowed';
      }
      index += 2;
      continue;
    }
    if (inClass) {
      inClass = char !== ']';
      index += 1;
      continue;
    }
    if (char === '[') {
      inClass = true;
      index += 1;
      continue;
    }
    if (char === '(') {
      groups.push(false);
      // Group syntax (`(?:`, `(?=`, `(?<name>`) is not a quantifier.
      index += source[index + 1] === '?' ? 2 : 1;
      continue;
    }
    if (char === ')') {
      const innerQuantified = groups.pop() ?? false;
      const quantifier = quantifierAt(source, index + 1);
      if (quantifier !== null && quantifier.unbounded && innerQuantified) {
        return 'a repeated group must not contain another quantifier (catastrophic backtracking)';
      }
      if (innerQuantified || quantifier?.variable === true) {
        markQuantified();
      }
      index += 1 + (quantifier?.length ?? 0);
      continue;
    }
    const quantifier = quantifierAt(source, index);
    if (quantifier !== null) {
      if (quantifier.variable) {
        markQuantified();
      }
      index += quantifier.length;
      continue;
    }
    index += 1;
  }
  return null;
}

/** The quantifier starting at `index` (with its lazy `?`), if any. */
function quantifierAt(
  source: string,
  index: number,
): { length: number; unbounded: boolean; variable: boolean } | null {
  const char = source[index];
  const lazy = (length: number) => (source[index + length] === '?' ? length + 1 : length);
  if (char === '+' || char === '*') {
    return { length: lazy(1), unbounded: true, variable: true };
  }
  if (char === '?') {
    return { length: lazy(1), unbounded: false, variable: true };
  }
  if (char === '{') {
    const match = /^\{(\d+)(,(\d*))?\}/.exec(source.slice(index));
    if (match) {
      const unbounded = match[2] !== undefined && match[3] === '';
      // `{n}` repeats a fixed count: it leaves the engine no choice to backtrack over.
      const variable = unbounded || (match[3] !== undefined && match[3] !== match[1]);
      return { length: lazy(match[0].length), unbounded, variable };
    }
  }
  return null;
}

function buildRules(
  input: EntityRulesNew,
  existing: EntityRulesRecord | null,
  ids: IdGenerator,
  path: string,
): EntityRulesRecord {
  const rules: EntityRulesRecord = {};
  if (input.suppressors !== undefined) {
    rules.suppressors = [...input.suppressors];
  }
  if (input.choices !== undefined) {
    // Choices keep their id across updates, matched by name.
    rules.choices = input.choices.map((choice) => ({
      id: existing?.choices?.find((known) => known.name === choice.name)?.id ?? ids.next(),
      name: choice.name,
      values: [...choice.values],
    }));
  }
  const regex = input.regex;
  if (regex !== undefined) {
    if ((regex.pattern === undefined) === (regex.templates === undefined)) {
      throw invalid(`${path}.regex: exactly one of pattern or templates is required`);
    }
    if (regex.pattern !== undefined) {
      checkUserRegex(regex.pattern, `${path}.regex.pattern`);
      rules.regex = { pattern: regex.pattern };
    }
    if (regex.templates !== undefined) {
      regex.templates.forEach((template, index) =>
        checkUserRegex(template.pattern, `${path}.regex.templates[${index}].pattern`),
      );
      rules.regex = {
        templates: regex.templates.map((template) => ({
          template: template.template,
          pattern: template.pattern,
        })),
      };
    }
  }
  return rules;
}

/** A new entity def, or `existing` with the given fields replaced. */
export function buildEntityDef(
  input: EntityDefNew,
  existing: EntityDefRecord | null,
  ids: IdGenerator,
  path: string,
): EntityDefRecord {
  return {
    id: existing?.id ?? ids.next(),
    name: input.name,
    title: input.title ?? existing?.title ?? '',
    color: input.color ?? existing?.color ?? 0,
    inherits_from: input.inherits_from
      ? [...new Set(input.inherits_from)]
      : (existing?.inherits_from ?? []),
    trainable: input.trainable ?? existing?.trainable ?? true,
    flags: input._entity_def_flags
      ? [...new Set(input._entity_def_flags)]
      : (existing?.flags ?? []),
    rules:
      input.rules === undefined
        ? (existing?.rules ?? null)
        : buildRules(input.rules, existing?.rules ?? null, ids, `${path}.rules`),
    instructions:
      input.instructions === undefined ? (existing?.instructions ?? null) : input.instructions,
  };
}

/** A new general field, or `existing` with the given fields replaced; the field type must resolve. */
export function buildGeneralField(
  input: GeneralFieldDefNew,
  existing: GeneralFieldRecord | null,
  entityDefs: readonly EntityDefRecord[],
  ids: IdGenerator,
  path: string,
): GeneralFieldRecord {
  let typeId = existing?.field_type_id ?? null;
  let typeName = existing?.field_type_name ?? null;
  if (input.field_type_id !== undefined) {
    const type = fieldTypeById(input.field_type_id, entityDefs);
    if (!type) {
      throw invalid(`${path}.field_type_id: unknown field type '${input.field_type_id}'`);
    }
    if (input.field_type_name !== undefined && input.field_type_name !== type.name) {
      throw invalid(
        `${path}.field_type_name: '${input.field_type_name}' does not match field type '${input.field_type_id}' ('${type.name}')`,
      );
    }
    typeId = type.id;
    typeName = type.name;
  } else if (input.field_type_name !== undefined) {
    const type = fieldTypeByName(input.field_type_name, entityDefs);
    if (!type) {
      throw invalid(`${path}.field_type_name: unknown field type '${input.field_type_name}'`);
    }
    typeId = type.id;
    typeName = type.name;
  }
  if (typeId === null) {
    throw invalid(`${path}: one of field_type_id or field_type_name is required`);
  }
  return {
    field_id: existing?.field_id ?? ids.next(),
    api_name: input.api_name,
    field_type_id: typeId,
    field_type_name: typeName,
    title: input.title ?? existing?.title ?? '',
  };
}

/** True when a stored item was given different values (an identical item is not rewritten). */
function changed(stored: object | undefined, next: object): boolean {
  return stored !== undefined && canonicalJson(stored) !== canonicalJson(next);
}

/**
 * Applies entity-def inputs to a dataset's list: items with `id` update that def (when `byId`), others
 * create one. Returns the resulting list and which defs are new or changed.
 */
export function applyEntityDefs(
  current: readonly EntityDefRecord[],
  inputs: readonly EntityDefNew[],
  options: { ids: IdGenerator; path: string; byId: boolean; datasetName: string },
): { defs: EntityDefRecord[]; inserted: EntityDefRecord[]; updated: EntityDefRecord[] } {
  const stored = new Set(current.map((def) => def.id));
  const defs = [...current];
  const touched = new Set<string>();
  inputs.forEach((input, index) => {
    const path = `${options.path}[${index}]`;
    const position =
      options.byId && input.id !== undefined ? defs.findIndex((def) => def.id === input.id) : -1;
    if (options.byId && input.id !== undefined && position === -1) {
      throw invalid(`${path}.id: unknown entity def '${input.id}'`);
    }
    const def = buildEntityDef(input, defs[position] ?? null, options.ids, path);
    const clash = defs.find((other) => other.name === def.name && other.id !== def.id);
    if (clash) {
      throw stored.has(clash.id)
        ? conflict(`Entity def '${def.name}' already exists in dataset '${options.datasetName}'`)
        : invalid(`${path}.name: duplicate entity def name '${def.name}'`);
    }
    if (position === -1) {
      defs.push(def);
    } else {
      defs[position] = def;
    }
    touched.add(def.id);
  });
  return {
    defs,
    inserted: defs.filter((def) => touched.has(def.id) && !stored.has(def.id)),
    updated: defs.filter(
      (def) =>
        touched.has(def.id) &&
        changed(
          current.find((old) => old.id === def.id),
          def,
        ),
    ),
  };
}

/** The general-field counterpart of `applyEntityDefs`, keyed by `field_id` and unique by `api_name`. */
export function applyGeneralFields(
  current: readonly GeneralFieldRecord[],
  inputs: readonly GeneralFieldDefNew[],
  options: {
    ids: IdGenerator;
    path: string;
    byId: boolean;
    datasetName: string;
    entityDefs: readonly EntityDefRecord[];
  },
): { fields: GeneralFieldRecord[]; inserted: GeneralFieldRecord[]; updated: GeneralFieldRecord[] } {
  const stored = new Set(current.map((field) => field.field_id));
  const fields = [...current];
  const touched = new Set<string>();
  inputs.forEach((input, index) => {
    const path = `${options.path}[${index}]`;
    const position =
      options.byId && input.field_id !== undefined
        ? fields.findIndex((field) => field.field_id === input.field_id)
        : -1;
    if (options.byId && input.field_id !== undefined && position === -1) {
      throw invalid(`${path}.field_id: unknown general field '${input.field_id}'`);
    }
    const field = buildGeneralField(
      input,
      fields[position] ?? null,
      options.entityDefs,
      options.ids,
      path,
    );
    const clash = fields.find(
      (other) => other.api_name === field.api_name && other.field_id !== field.field_id,
    );
    if (clash) {
      throw stored.has(clash.field_id)
        ? conflict(
            `General field '${field.api_name}' already exists in dataset '${options.datasetName}'`,
          )
        : invalid(`${path}.api_name: duplicate general field '${field.api_name}'`);
    }
    if (position === -1) {
      fields.push(field);
    } else {
      fields[position] = field;
    }
    touched.add(field.field_id);
  });
  return {
    fields,
    inserted: fields.filter((field) => touched.has(field.field_id) && !stored.has(field.field_id)),
    updated: fields.filter(
      (field) =>
        touched.has(field.field_id) &&
        changed(
          current.find((old) => old.field_id === field.field_id),
          field,
        ),
    ),
  };
}
