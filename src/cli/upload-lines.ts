// Comment upload lines (cli.md §6.1) and annotation lines (§6.3): parsed, checked like the official
// client's typed reader, and reduced to the keys it sends.
import { CliError } from './errors.js';
import { isRecord, type Json } from './models.js';

/** The annotations of one line, ready for `POST …/labellings/<uid>`. */
export type AnnotationUpload = {
  commentId: string;
  labelling?: Json[];
  entities?: Json;
  moonForms?: Json[];
};

export type CommentUpload = {
  comment: Json;
  id: string;
  annotation: AnnotationUpload | null;
  audioPath?: string;
};

class LineError extends Error {}

const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

function object(value: unknown, path: string): Json {
  if (!isRecord(value)) {
    throw new LineError(`${path}: expected an object`);
  }
  return value;
}

function string(record: Json, key: string, path: string): string {
  const value = record[key];
  if (typeof value !== 'string') {
    throw new LineError(
      value === undefined
        ? `${path}: missing field \`${key}\``
        : `${path}.${key}: expected a string`,
    );
  }
  return value;
}

function optionalString(record: Json, key: string, path: string): string | undefined {
  const value = record[key];
  if (value === undefined || value === null) {
    return undefined;
  }
  if (typeof value !== 'string') {
    throw new LineError(`${path}.${key}: expected a string`);
  }
  return value;
}

function stringList(record: Json, key: string, path: string): string[] | undefined {
  const value = record[key];
  if (value === undefined || value === null) {
    return undefined;
  }
  if (!Array.isArray(value) || value.some((item) => typeof item !== 'string')) {
    throw new LineError(`${path}.${key}: expected a list of strings`);
  }
  return value as string[];
}

function timestamp(value: string, path: string): string {
  if (!RFC3339.test(value) || Number.isNaN(Date.parse(value))) {
    throw new LineError(`${path}: expected an RFC 3339 timestamp with an offset, got '${value}'`);
  }
  return value;
}

function textPart(value: unknown, path: string, markup: boolean): Json {
  const part = object(value, path);
  const out: Json = { text: string(part, 'text', path) };
  const translated = optionalString(part, 'translated_from', path);
  if (translated !== undefined) {
    out['translated_from'] = translated;
  }
  if (markup) {
    for (const key of ['text_markup', 'translated_from_markup']) {
      if (part[key] !== undefined && part[key] !== null) {
        out[key] = part[key];
      }
    }
  }
  return out;
}

function message(value: unknown, path: string): Json {
  const input = object(value, path);
  const out: Json = { body: textPart(input['body'], `${path}.body`, true) };
  const language = optionalString(input, 'language', path);
  if (language !== undefined) {
    out['language'] = language;
  }
  if (input['subject'] !== undefined && input['subject'] !== null) {
    out['subject'] = textPart(input['subject'], `${path}.subject`, false);
  }
  if (input['signature'] !== undefined && input['signature'] !== null) {
    out['signature'] = textPart(input['signature'], `${path}.signature`, true);
  }
  const from = optionalString(input, 'from', path);
  if (from !== undefined) {
    out['from'] = from;
  }
  for (const key of ['to', 'cc', 'bcc']) {
    const list = stringList(input, key, path);
    if (list !== undefined) {
      out[key] = list;
    }
  }
  const sentAt = optionalString(input, 'sent_at', path);
  if (sentAt !== undefined) {
    out['sent_at'] = timestamp(sentAt, `${path}.sent_at`);
  }
  return out;
}

/** `string:`/`number:` keys only, matching value types; blank string values are not sent. */
function userProperties(value: unknown, path: string): Json | undefined {
  if (value === undefined || value === null) {
    return undefined;
  }
  const input = object(value, path);
  const out: Json = {};
  for (const [key, entry] of Object.entries(input)) {
    if (key.startsWith('string:')) {
      if (typeof entry !== 'string') {
        throw new LineError(`${path}.${key}: expected a string value for a \`string:\` property`);
      }
      if (entry.trim() !== '') {
        out[key] = entry;
      }
    } else if (key.startsWith('number:')) {
      if (typeof entry !== 'number' || !Number.isFinite(entry)) {
        throw new LineError(`${path}.${key}: expected a number value for a \`number:\` property`);
      }
      out[key] = entry;
    } else {
      throw new LineError(
        `${path}: user property \`${key}\` must start with \`string:\` or \`number:\``,
      );
    }
  }
  return Object.keys(out).length === 0 ? undefined : out;
}

function attachment(value: unknown, path: string): Json {
  const input = object(value, path);
  const size = input['size'];
  if (typeof size !== 'number' || !Number.isInteger(size) || size < 0) {
    throw new LineError(`${path}.size: expected a non-negative integer`);
  }
  const out: Json = {
    name: string(input, 'name', path),
    size,
    content_type: string(input, 'content_type', path),
  };
  for (const key of ['attachment_reference', 'content_hash']) {
    const text = optionalString(input, key, path);
    if (text !== undefined) {
      out[key] = text;
    }
  }
  return out;
}

/** A CommentNew with the official client's keys: id, thread_id?, timestamp, messages, … */
function commentNew(value: unknown): Json {
  const input = object(value, 'comment');
  const out: Json = { id: string(input, 'id', 'comment') };
  const threadId = optionalString(input, 'thread_id', 'comment');
  if (threadId !== undefined) {
    out['thread_id'] = threadId;
  }
  out['timestamp'] = timestamp(string(input, 'timestamp', 'comment'), 'comment.timestamp');
  const messages = input['messages'];
  if (!Array.isArray(messages)) {
    throw new LineError(
      messages === undefined
        ? 'comment: missing field `messages`'
        : 'comment.messages: expected a list',
    );
  }
  out['messages'] = messages.map((entry, index) => message(entry, `comment.messages[${index}]`));
  const properties = userProperties(input['user_properties'], 'comment.user_properties');
  if (properties !== undefined) {
    out['user_properties'] = properties;
  }
  if (Array.isArray(input['attachments']) && input['attachments'].length > 0) {
    out['attachments'] = input['attachments'].map((entry, index) =>
      attachment(entry, `comment.attachments[${index}]`),
    );
  }
  return out;
}

function label(value: unknown, path: string): Json {
  const input = object(value, path);
  const sentiment = input['sentiment'];
  // The reference CLI requires `sentiment`; the API defaults it to `positive` (api.md §3.9.4), and a
  // dataset without sentiment has no use for it, so a missing one is left for the server to default.
  if (sentiment !== undefined && sentiment !== 'positive' && sentiment !== 'negative') {
    throw new LineError(`${path}.sentiment: expected \`positive\` or \`negative\``);
  }
  const name = input['name'];
  if (
    typeof name !== 'string' &&
    !(Array.isArray(name) && name.every((part) => typeof part === 'string'))
  ) {
    throw new LineError(`${path}: missing or invalid field \`name\``);
  }
  return {
    name,
    ...(sentiment === undefined ? {} : { sentiment }),
    ...(isRecord(input['metadata']) ? { metadata: input['metadata'] } : {}),
  };
}

/** A labelling group: `assigned`/`dismissed` kept only when present (present-but-empty clears). */
function labellingGroup(value: unknown, path: string, group?: string): Json {
  const input = object(value, path);
  const out: Json = { group: group ?? string(input, 'group', path) };
  for (const key of ['assigned', 'dismissed']) {
    const list = input[key];
    if (list === undefined || list === null) {
      continue;
    }
    if (!Array.isArray(list)) {
      throw new LineError(`${path}.${key}: expected a list of labels`);
    }
    out[key] = list.map((entry, index) => label(entry, `${path}.${key}[${index}]`));
  }
  return out;
}

function span(value: unknown, path: string): Json {
  const input = object(value, path);
  const out: Json = { content_part: string(input, 'content_part', path) };
  for (const key of ['message_index', 'utf16_byte_start', 'utf16_byte_end']) {
    if (typeof input[key] !== 'number') {
      throw new LineError(`${path}: missing or invalid field \`${key}\``);
    }
    out[key] = input[key];
  }
  return out;
}

function entity(value: unknown, path: string): Json {
  const input = object(value, path);
  const out: Json = {
    name: string(input, 'name', path),
    formatted_value: string(input, 'formatted_value', path),
  };
  if (input['span'] !== undefined) {
    out['span'] = span(input['span'], `${path}.span`);
  } else if (Array.isArray(input['spans'])) {
    out['spans'] = input['spans'].map((entry, index) => span(entry, `${path}.spans[${index}]`));
  } else {
    throw new LineError(`${path}: expected \`span\` or \`spans\``);
  }
  return out;
}

function entities(value: unknown): Json | undefined {
  if (value === undefined || value === null) {
    return undefined;
  }
  const input = object(value, 'entities');
  const out: Json = {};
  for (const key of ['assigned', 'dismissed']) {
    const list = input[key];
    if (Array.isArray(list) && list.length > 0) {
      out[key] = list.map((entry, index) => entity(entry, `entities.${key}[${index}]`));
    }
  }
  return out;
}

function moonForm(value: unknown, path: string): Json {
  const input = object(value, path);
  const assigned = Array.isArray(input['assigned']) ? input['assigned'] : [];
  return {
    group: string(input, 'group', path),
    assigned: assigned.map((entry, index) => {
      const captureSet = object(entry, `${path}.assigned[${index}]`);
      const captures = Array.isArray(captureSet['captures']) ? captureSet['captures'] : [];
      return {
        label: label(captureSet['label'], `${path}.assigned[${index}].label`),
        ...(captures.length === 0
          ? {}
          : {
              captures: captures.map((capture) => {
                const fields =
                  isRecord(capture) && Array.isArray(capture['fields']) ? capture['fields'] : [];
                return fields.length === 0
                  ? {}
                  : {
                      fields: fields.map((field, fieldIndex) => {
                        const entry2 = object(field, `${path}.captures.fields[${fieldIndex}]`);
                        return {
                          name: string(entry2, 'name', path),
                          spans: (Array.isArray(entry2['spans']) ? entry2['spans'] : []).map(
                            (item, spanIndex) =>
                              span(
                                item,
                                `${path}.captures.fields[${fieldIndex}].spans[${spanIndex}]`,
                              ),
                          ),
                          formatted_value: string(entry2, 'formatted_value', path),
                          document_spans: Array.isArray(entry2['document_spans'])
                            ? entry2['document_spans']
                            : [],
                        };
                      }),
                    };
              }),
            }),
      };
    }),
  };
}

/** The annotations of a line, or null when it has none (lines without annotations are skipped). */
function annotationOf(line: Json, commentId: string): AnnotationUpload | null {
  let labelling: Json[] | undefined;
  let labelled = false;
  const rawLabelling = line['labelling'];
  if (Array.isArray(rawLabelling)) {
    labelling = rawLabelling.map((group, index) => labellingGroup(group, `labelling[${index}]`));
    labelled = labelling.some(
      (group) => group['assigned'] !== undefined || group['dismissed'] !== undefined,
    );
  } else if (rawLabelling !== undefined && rawLabelling !== null) {
    // The legacy single-group form `{assigned?, dismissed?}` means the `default` group.
    const group = labellingGroup(rawLabelling, 'labelling', 'default');
    labelling = [group];
    labelled = group['assigned'] !== undefined || group['dismissed'] !== undefined;
  }
  const entityUpdate = entities(line['entities']);
  const hasEntities = entityUpdate !== undefined && Object.keys(entityUpdate).length > 0;
  const forms = Array.isArray(line['moon_forms'])
    ? line['moon_forms'].map((form, index) => moonForm(form, `moon_forms[${index}]`))
    : undefined;
  const hasForms =
    forms !== undefined && forms.some((form) => (form['assigned'] as unknown[]).length > 0);
  if (!labelled && !hasEntities && !hasForms) {
    return null;
  }
  return {
    commentId,
    ...(labelling === undefined ? {} : { labelling }),
    ...(entityUpdate === undefined ? {} : { entities: entityUpdate }),
    ...(forms === undefined || forms.length === 0 ? {} : { moonForms: forms }),
  };
}

function parseObject(text: string): Json {
  let value: unknown;
  try {
    value = JSON.parse(text) as unknown;
  } catch (error) {
    throw new LineError(error instanceof Error ? error.message : String(error));
  }
  return object(value, 'line');
}

/** A `create comments` line; errors read `Could not parse comment at line <n> from input stream`. */
export function parseCommentLine(text: string, number: number): CommentUpload {
  try {
    const line = parseObject(text.trimEnd());
    const comment = commentNew(line['comment']);
    const id = comment['id'] as string;
    const audioPath = optionalString(line, 'audio_path', 'line');
    return {
      comment,
      id,
      annotation: annotationOf(line, id),
      ...(audioPath === undefined ? {} : { audioPath }),
    };
  } catch (error) {
    if (error instanceof LineError) {
      throw new CliError(`Could not parse comment at line ${number} from input stream`, {
        cause: error,
      });
    }
    throw error;
  }
}

/** A `create annotations` line: only `comment.id` and the annotations are read (cli.md §6.3). */
export function parseAnnotationLine(text: string, number: number): AnnotationUpload | null {
  try {
    const line = parseObject(text.trimEnd());
    const comment = object(line['comment'], 'comment');
    return annotationOf(line, string(comment, 'id', 'comment'));
  } catch (error) {
    if (error instanceof LineError) {
      throw new CliError(`Could not parse annotations at line ${number} from input stream`, {
        cause: error,
      });
    }
    throw error;
  }
}

/** The body of `POST …/labellings/<uid>`: labelling + entities, or entities + moon_forms. */
export function labellingBody(annotation: AnnotationUpload): Json {
  if (annotation.moonForms === undefined) {
    return {
      ...(annotation.labelling === undefined ? {} : { labelling: annotation.labelling }),
      ...(annotation.entities === undefined ? {} : { entities: annotation.entities }),
    };
  }
  return {
    ...(annotation.entities === undefined ? {} : { entities: annotation.entities }),
    moon_forms: annotation.moonForms,
  };
}
