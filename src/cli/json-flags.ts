// The JSON-valued flags of `create dataset` and `get comments` (cli.md §6.4), checked and reduced to the
// keys the official client models, with its error text for anything it cannot read.
import { InvalidArgumentError } from 'commander';

import { isRecord, type Json } from './models.js';

class ShapeError extends Error {}

function fail(text: string, reason: string): never {
  throw new InvalidArgumentError(
    `Expected valid json for type. Got: '${text}', which failed because: '${reason}'`,
  );
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    return fail(text, error instanceof Error ? error.message : String(error));
  }
}

function array(value: unknown, what: string): unknown[] {
  if (!Array.isArray(value)) {
    throw new ShapeError(`invalid type: expected a sequence of ${what}`);
  }
  return value;
}

function object(value: unknown, what: string): Json {
  if (!isRecord(value)) {
    throw new ShapeError(`invalid type: expected ${what}`);
  }
  return value;
}

function string(record: Json, key: string): string {
  const value = record[key];
  if (typeof value !== 'string') {
    throw new ShapeError(
      value === undefined
        ? `missing field \`${key}\``
        : `invalid type for \`${key}\`: expected a string`,
    );
  }
  return value;
}

function optional(record: Json, keys: readonly string[]): Json {
  const out: Json = {};
  for (const key of keys) {
    if (record[key] !== undefined && record[key] !== null) {
      out[key] = record[key];
    }
  }
  return out;
}

function labelDef(value: unknown): Json {
  const def = object(value, 'a label def');
  const out: Json = {
    name: string(def, 'name'),
    ...optional(def, ['title', 'instructions', 'external_id', 'pretrained', 'trainable']),
  };
  if (Array.isArray(def['moon_form']) && def['moon_form'].length > 0) {
    out['moon_form'] = def['moon_form'].map((field) => {
      const entry = object(field, 'a moon form field');
      return {
        name: string(entry, 'name'),
        kind: string(entry, 'kind'),
        ...optional(entry, ['instructions']),
      };
    });
  }
  return out;
}

function entityDef(value: unknown): Json {
  const def = object(value, 'an entity def');
  if (typeof def['trainable'] !== 'boolean') {
    throw new ShapeError(
      def['trainable'] === undefined
        ? 'missing field `trainable`'
        : 'invalid type for `trainable`: expected a boolean',
    );
  }
  return {
    inherits_from: array(def['inherits_from'], 'entity def ids').map(String),
    name: string(def, 'name'),
    title: string(def, 'title'),
    trainable: def['trainable'],
    _entity_def_flags: Array.isArray(def['_entity_def_flags']) ? def['_entity_def_flags'] : [],
    ...optional(def, ['rules', 'instructions']),
  };
}

function generalField(value: unknown): Json {
  const field = object(value, 'a general field');
  return {
    ...optional(field, ['field_type_id', 'field_type_name']),
    api_name: string(field, 'api_name'),
  };
}

function labelGroup(value: unknown): Json {
  const group = object(value, 'a label group');
  return {
    name: string(group, 'name'),
    label_defs: Array.isArray(group['label_defs']) ? group['label_defs'].map(labelDef) : [],
  };
}

function listParser(what: string, item: (value: unknown) => Json): (text: string) => Json[] {
  return (text) => {
    const value = parseJson(text);
    try {
      return array(value, what).map(item);
    } catch (error) {
      if (error instanceof ShapeError) {
        return fail(text, error.message);
      }
      throw error;
    }
  };
}

export const parseLabelDefs = listParser('label defs', labelDef);
export const parseEntityDefs = listParser('entity defs', entityDef);
export const parseGeneralFields = listParser('general fields', generalField);
export const parseLabelGroups = listParser('label groups', labelGroup);

/** `-p/--user-property-filter`: `{"<full name>": {one_of?, not_one_of?, domain_not_one_of?, minimum?, maximum?}}`. */
export function parseUserPropertyFilter(text: string): Json {
  const value = parseJson(text);
  try {
    const filter = object(value, 'a map of user property filters');
    for (const entry of Object.values(filter)) {
      object(entry, 'a property filter');
    }
    return filter;
  } catch (error) {
    if (error instanceof ShapeError) {
      return fail(text, error.message);
    }
    throw error;
  }
}
