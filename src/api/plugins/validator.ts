import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsImport from 'ajv-formats';
import type { FastifySchemaCompiler } from 'fastify';

import type { ValidationIssue } from '../../domain/errors.js';

// ajv-formats is CommonJS; its default export arrives wrapped under NodeNext resolution.
const addFormats = addFormatsImport as unknown as (ajv: Ajv) => Ajv;

function makeAjv(coerceTypes: boolean | 'array'): Ajv {
  const ajv = new Ajv({
    coerceTypes,
    // Unknown request fields are dropped, never stored (api.md §3.3); never coerce JSON bodies.
    removeAdditional: true,
    useDefaults: true,
    allErrors: false,
    verbose: true,
    strict: false,
  });
  addFormats(ajv);
  return ajv;
}

const bodyAjv = makeAjv(false);
// `array` turns a repeated query parameter into a list and a single one into a one-item list.
const queryAjv = makeAjv('array');

/**
 * The first path or query parameter with a value holding U+0000, else null. PostgreSQL cannot store or
 * compare that character, so it is refused on every backend instead of failing with a 500 (api.md §3.5);
 * `json-body.ts` does the same for bodies.
 */
function nulParameter(data: unknown): string | null {
  if (typeof data !== 'object' || data === null) {
    return null;
  }
  for (const [name, value] of Object.entries(data)) {
    const values: unknown[] = Array.isArray(value) ? value : [value];
    if (values.some((item) => typeof item === 'string' && item.includes('\u0000'))) {
      return name;
    }
  }
  return null;
}

/** Two Ajv instances: bodies are validated strictly, querystrings and params with coercion. */
export const validatorCompiler: FastifySchemaCompiler<unknown> = ({ schema, httpPart }) => {
  const ajv = httpPart === 'body' ? bodyAjv : queryAjv;
  const validate: ValidateFunction = ajv.compile(schema as object);
  return (data: unknown) => {
    if (validate(data)) {
      const nul = httpPart === 'params' || httpPart === 'querystring' ? nulParameter(data) : null;
      if (nul !== null) {
        const where =
          httpPart === 'params' ? `path parameter '${nul}'` : `query parameter '${nul}'`;
        const message = 'must not contain U+0000 (NUL)';
        return {
          error: new RequestValidationError(`${where}: ${message}`, [{ path: nul, message }]),
        };
      }
      return { value: data };
    }
    return { error: validationError(httpPart ?? 'body', validate.errors ?? []) };
  };
};

export class RequestValidationError extends Error {
  override readonly name = 'RequestValidationError';
  constructor(
    message: string,
    readonly issues: ValidationIssue[],
  ) {
    super(message);
  }
}

function pathOf(error: ErrorObject): string {
  const parts = error.instancePath
    .split('/')
    .slice(1)
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'));
  if (error.keyword === 'required' || error.keyword === 'additionalProperties') {
    const property = (error.params as { missingProperty?: string }).missingProperty;
    if (property !== undefined) {
      parts.push(property);
    }
  }
  let out = '';
  for (const part of parts) {
    out += /^\d+$/.test(part) ? `[${part}]` : out === '' ? part : `.${part}`;
  }
  return out;
}

function show(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text === undefined ? 'undefined' : text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

function describe(error: ErrorObject): string {
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'enum': {
      // CM's exact format for closed vocabularies (api.md §3.5).
      const allowed = (params['allowedValues'] as unknown[])
        .map((value) => `'${String(value)}'`)
        .join(', ');
      return `'${show(error.data)}' is not one of [${allowed}]`;
    }
    case 'type':
      return `expected ${String(params['type'])}, got ${error.data === null ? 'null' : Array.isArray(error.data) ? 'array' : typeof error.data}`;
    case 'required':
      return 'required field missing';
    case 'maxItems':
      return `at most ${String(params['limit'])} items allowed (got ${Array.isArray(error.data) ? error.data.length : '?'})`;
    case 'minItems':
      return `at least ${String(params['limit'])} items required (got ${Array.isArray(error.data) ? error.data.length : '?'})`;
    case 'maxLength':
      return `at most ${String(params['limit'])} characters allowed`;
    case 'minLength':
      return `at least ${String(params['limit'])} characters required`;
    case 'pattern':
      return `'${show(error.data)}' does not match ${String(params['pattern'])}`;
    case 'maximum':
    case 'minimum':
    case 'exclusiveMaximum':
    case 'exclusiveMinimum':
      return `${show(error.data)} ${error.message ?? 'is out of range'}`;
    case 'const':
      return `must be ${JSON.stringify(params['allowedValue'])}`;
    case 'propertyNames':
      return `unknown key '${String(params['propertyName'])}'`;
    case 'anyOf':
      return `'${show(error.data)}' has none of the allowed types`;
    default:
      return error.message ?? 'invalid value';
  }
}

function validationError(httpPart: string, errors: ErrorObject[]): RequestValidationError {
  const issues = errors.map((error) => {
    const path = pathOf(error);
    return { path, message: describe(error) };
  });
  // Within a union each branch reports its own first failure; the deepest one is the branch the client
  // meant (its discriminating `kind` matched), so it names the real problem.
  let deepest = 0;
  errors.forEach((error, index) => {
    const depth = error.instancePath.split('/').length;
    if (
      error.keyword !== 'anyOf' &&
      depth > (errors[deepest]?.instancePath.split('/').length ?? 0)
    ) {
      deepest = index;
    }
  });
  const first = issues[deepest] ?? issues[0] ?? { path: '', message: 'invalid request' };
  const where =
    httpPart === 'querystring'
      ? `query parameter '${first.path}'`
      : httpPart === 'params'
        ? `path parameter '${first.path}'`
        : first.path === ''
          ? 'request body'
          : first.path;
  const message =
    first.message.startsWith("'") && first.message.includes(' is not one of ')
      ? `${first.message} (at ${where})`
      : `${where}: ${first.message}`;
  return new RequestValidationError(message, issues);
}
