// The CLI's models of the resources it prints (cli.md §7): keys in a fixed order, unknown server keys
// dropped, the omit/`null` rules applied, and f64 fields marked so they print as `7.0`.
import { float, formatTimestamp } from './json-output.js';

export type Json = Record<string, unknown>;

export function isRecord(value: unknown): value is Json {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function record(value: unknown): Json {
  return isRecord(value) ? value : {};
}

function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function isEmpty(value: unknown): boolean {
  return (
    value === undefined ||
    value === null ||
    (Array.isArray(value) && value.length === 0) ||
    (isRecord(value) && Object.keys(value).length === 0)
  );
}

type Builder = {
  /** Always printed (the value as received; `null` if the server left it out). */
  put(key: string, value: unknown): Builder;
  /** Printed unless absent or null. */
  optional(key: string, value: unknown): Builder;
  /** Printed unless absent, null or an empty list/object. */
  nonEmpty(key: string, value: unknown): Builder;
  done(): Json;
};

function build(): Builder {
  const out: Json = {};
  const builder: Builder = {
    put(key, value) {
      out[key] = value === undefined ? null : value;
      return builder;
    },
    optional(key, value) {
      if (value !== undefined && value !== null) {
        out[key] = value;
      }
      return builder;
    },
    nonEmpty(key, value) {
      if (!isEmpty(value)) {
        out[key] = value;
      }
      return builder;
    },
    done: () => out,
  };
  return builder;
}

const ts = formatTimestamp;

export function sourceModel(value: unknown): Json {
  const source = record(value);
  return build()
    .put('id', source['id'])
    .put('owner', source['owner'])
    .put('name', source['name'])
    .put('title', source['title'] ?? '')
    .put('description', source['description'] ?? '')
    .put('language', source['language'])
    .put('should_translate', source['should_translate'] ?? false)
    .put('created_at', ts(source['created_at']))
    .put('updated_at', ts(source['updated_at']))
    .put('bucket_id', source['bucket_id'] ?? null)
    .put('_kind', source['_kind'])
    .put('email_transform_tag', source['email_transform_tag'] ?? null)
    .done();
}

export function projectModel(value: unknown): Json {
  const project = record(value);
  return build()
    .put('id', project['id'] ?? null)
    .put('name', project['name'])
    .put('title', project['title'] ?? '')
    .put('description', project['description'] ?? '')
    .put('created_at', ts(project['created_at']))
    .put('updated_at', ts(project['updated_at']))
    .done();
}

export function userModel(value: unknown): Json {
  const user = record(value);
  return build()
    .put('id', user['id'])
    .put('username', user['username'])
    .put('email', user['email'])
    .put('created', ts(user['created']))
    .put('global_permissions', list(user['global_permissions']))
    .put('organisation_permissions', record(user['organisation_permissions']))
    .put('sso_global_permissions', list(user['sso_global_permissions']))
    .put('verified', user['verified'] ?? false)
    .done();
}

export function bucketModel(value: unknown): Json {
  const bucket = record(value);
  return build()
    .put('id', bucket['id'])
    .put('name', bucket['name'])
    .put('owner', bucket['owner'])
    .put('created_at', ts(bucket['created_at']))
    .done();
}

export function quotaModel(value: unknown): Json {
  const quota = record(value);
  return build()
    .put('hard_limit', quota['hard_limit'])
    .put('quota_kind', quota['quota_kind'])
    .put('current_max_usage', quota['current_max_usage'])
    .optional('auto_increase_up_to', quota['auto_increase_up_to'])
    .done();
}

const MAILBOX_KEYS = [
  'disabled_reason',
  'email',
  'enabled',
  'folder_allowlist',
  'folder_denylist',
  'participant_allowlist',
  'participant_denylist',
  'participant_domain_allowlist',
  'participant_domain_denylist',
  'start_timestamp',
] as const;

export function integrationModel(value: unknown): Json {
  const integration = record(value);
  const configuration = record(integration['configuration']);
  const mailboxes = list(configuration['mailboxes']).map((entry) => {
    const mailbox = record(entry);
    const out = build();
    for (const key of MAILBOX_KEYS) {
      if (key === 'email' || key === 'enabled') {
        out.put(key, mailbox[key]);
      } else {
        out.optional(key, key === 'start_timestamp' ? ts(mailbox[key]) : mailbox[key]);
      }
    }
    const bucket = record(mailbox['bucket_specification']);
    return out
      .put(
        'bucket_specification',
        build()
          .put('project_name', bucket['project_name'])
          .put('name', bucket['name'])
          .put('title', bucket['title'])
          .done(),
      )
      .done();
  });
  return build()
    .put('id', integration['id'])
    .put('owner', integration['owner'])
    .put('name', integration['name'])
    .put('title', integration['title'])
    .put('type', integration['type'])
    .put('created_at', ts(integration['created_at']))
    .put('updated_at', ts(integration['updated_at']))
    .put('enabled', integration['enabled'])
    .put('disabled_reason', integration['disabled_reason'])
    .put(
      'configuration',
      build()
        .optional('connection', configuration['connection'])
        .put('mailboxes', mailboxes)
        .done(),
    )
    .done();
}

export function keyedSyncStateModel(value: unknown): Json {
  const state = record(value);
  return build()
    .put('mailbox_name', state['mailbox_name'])
    .put('folder_id', state['folder_id'])
    .put('folder_path', state['folder_path'])
    .put('status', state['status'])
    .put('synced_until', ts(state['synced_until']))
    .put('last_synced_at', ts(state['last_synced_at']))
    .done();
}

function emailMetadataModel(value: unknown): Json | null {
  if (!isRecord(value)) {
    return null;
  }
  const out = build();
  for (const key of [
    'sensitivity',
    'size',
    'categories',
    'importance',
    'has_attachments',
    'conversation_id',
    'conversation_topic',
    'is_read',
    'folder',
  ]) {
    out.optional(key, value[key]);
  }
  return out.optional('received_at', ts(value['received_at'])).done();
}

export function emailModel(value: unknown): Json {
  const email = record(value);
  return build()
    .put('id', email['id'])
    .put('mailbox', email['mailbox'])
    .put('timestamp', ts(email['timestamp']))
    .put('mime_content', email['mime_content'])
    .put('metadata', emailMetadataModel(email['metadata']))
    .put('attachments', list(email['attachments']).map(attachmentModel))
    .put('created_at', ts(email['created_at']))
    .put('updated_at', ts(email['updated_at']))
    .done();
}

function entityDefModel(value: unknown): Json {
  const def = record(value);
  return build()
    .put('color', def['color'] ?? 0)
    .put('id', def['id'])
    .put('inherits_from', list(def['inherits_from']))
    .put('name', def['name'])
    .put('title', def['title'] ?? '')
    .put('trainable', def['trainable'] ?? false)
    .put('_entity_def_flags', list(def['_entity_def_flags']))
    .optional('rules', def['rules'])
    .put('instructions', def['instructions'] ?? null)
    .done();
}

function generalFieldModel(value: unknown): Json {
  const field = record(value);
  return build()
    .optional('field_type_id', field['field_type_id'])
    .optional('field_type_name', field['field_type_name'])
    .put('api_name', field['api_name'])
    .done();
}

function moonFormFieldDefModel(value: unknown): Json {
  const field = record(value);
  return build()
    .put('name', field['name'])
    .put('kind', field['kind'])
    .optional('instructions', field['instructions'])
    .done();
}

function labelDefModel(value: unknown): Json {
  const def = record(value);
  const pretrained = def['pretrained'];
  return build()
    .put('name', def['name'])
    .put('instructions', def['instructions'] ?? '')
    .optional('external_id', def['external_id'])
    .optional(
      'pretrained',
      isRecord(pretrained) ? { id: pretrained['id'], name: pretrained['name'] } : undefined,
    )
    .put('title', def['title'] ?? '')
    .nonEmpty('moon_form', list(def['moon_form']).map(moonFormFieldDefModel))
    .done();
}

export function labelGroupModel(value: unknown): Json {
  const group = record(value);
  return { name: group['name'], label_defs: list(group['label_defs']).map(labelDefModel) };
}

function modelConfigModel(value: unknown): Json {
  const config = record(value);
  if (typeof config['kind'] !== 'string') {
    return { kind: 'cm' };
  }
  const { kind, ...rest } = config;
  return kind === 'cm' ? { kind } : { kind, ...rest };
}

export function datasetModel(value: unknown): Json {
  const dataset = record(value);
  return build()
    .put('id', dataset['id'])
    .put('name', dataset['name'])
    .put('owner', dataset['owner'])
    .put('title', dataset['title'] ?? '')
    .put('description', dataset['description'] ?? '')
    .put('created', ts(dataset['created']))
    .put('last_modified', ts(dataset['last_modified']))
    .put('model_family', dataset['model_family'])
    .put('source_ids', list(dataset['source_ids']))
    .put('has_sentiment', dataset['has_sentiment'] ?? false)
    .put('entity_defs', list(dataset['entity_defs']).map(entityDefModel))
    .put('general_fields', list(dataset['general_fields']).map(generalFieldModel))
    .put('label_defs', list(dataset['label_defs']).map(labelDefModel))
    .put('label_groups', list(dataset['label_groups']).map(labelGroupModel))
    .put('_dataset_flags', list(dataset['_dataset_flags']))
    .put('_model_config', modelConfigModel(dataset['_model_config']))
    .done();
}

function commentFilterModel(value: unknown): Json {
  const filter = record(value);
  const propertyFilter = (entry: unknown): Json => {
    const property = record(entry);
    return build()
      .optional('one_of', property['one_of'])
      .optional('not_one_of', property['not_one_of'])
      .nonEmpty('domain_not_one_of', property['domain_not_one_of'])
      .optional('minimum', float(property['minimum']))
      .optional('maximum', float(property['maximum']))
      .done();
  };
  const timestamp = filter['timestamp'];
  const properties = filter['user_properties'];
  const messages = filter['messages'];
  return build()
    .optional('reviewed', filter['reviewed'])
    .optional(
      'timestamp',
      isRecord(timestamp)
        ? build()
            .optional('minimum', ts(timestamp['minimum']))
            .optional('maximum', ts(timestamp['maximum']))
            .done()
        : undefined,
    )
    .optional(
      'user_properties',
      isRecord(properties)
        ? Object.fromEntries(
            Object.entries(properties).map(([name, entry]) => [name, propertyFilter(entry)]),
          )
        : undefined,
    )
    .nonEmpty('sources', filter['sources'])
    .optional(
      'messages',
      isRecord(messages)
        ? build()
            .optional(
              'from',
              messages['from'] === undefined ? undefined : propertyFilter(messages['from']),
            )
            .optional(
              'to',
              messages['to'] === undefined ? undefined : propertyFilter(messages['to']),
            )
            .done()
        : undefined,
    )
    .done();
}

function streamModelModel(value: unknown): Json | undefined {
  if (!isRecord(value)) {
    return undefined;
  }
  return {
    version: value['version'],
    label_thresholds: list(value['label_thresholds']).map((entry) => {
      const threshold = record(entry);
      return { name: threshold['name'], threshold: float(threshold['threshold']) };
    }),
  };
}

export function streamModel(value: unknown): Json {
  const stream = record(value);
  return build()
    .put('id', stream['id'])
    .put('dataset_id', stream['dataset_id'])
    .put('name', stream['name'])
    .put('title', stream['title'] ?? '')
    .put('description', stream['description'] ?? '')
    .put('created_at', ts(stream['created_at']))
    .put('updated_at', ts(stream['updated_at']))
    .put('comment_filter', commentFilterModel(stream['comment_filter']))
    .put('label_threshold_filter', stream['label_threshold_filter'] ?? null)
    .optional('model', streamModelModel(stream['model']))
    .done();
}

function textPartModel(value: unknown, markup: boolean): Json {
  const part = record(value);
  const builder = build()
    .put('text', part['text'] ?? '')
    .optional('translated_from', part['translated_from']);
  if (markup) {
    builder
      .optional('text_markup', part['text_markup'])
      .optional('translated_from_markup', part['translated_from_markup']);
  }
  return builder.done();
}

function messageModel(value: unknown): Json {
  const message = record(value);
  return build()
    .put('body', textPartModel(message['body'], true))
    .optional('language', message['language'])
    .optional(
      'subject',
      message['subject'] === undefined || message['subject'] === null
        ? undefined
        : textPartModel(message['subject'], false),
    )
    .optional(
      'signature',
      message['signature'] === undefined || message['signature'] === null
        ? undefined
        : textPartModel(message['signature'], true),
    )
    .optional('from', message['from'])
    .optional('to', message['to'])
    .optional('cc', message['cc'])
    .optional('bcc', message['bcc'])
    .optional('sent_at', ts(message['sent_at']))
    .done();
}

function attachmentModel(value: unknown): Json {
  const attachment = record(value);
  return build()
    .put('name', attachment['name'])
    .put('size', attachment['size'])
    .put('content_type', attachment['content_type'])
    .optional('attachment_reference', attachment['attachment_reference'])
    .optional('content_hash', attachment['content_hash'])
    .done();
}

/** `string:` values as received; `number:` values as floats (the official model stores f64). */
function userPropertiesModel(value: unknown): Json {
  const out: Json = {};
  for (const [key, entry] of Object.entries(record(value))) {
    out[key] = key.startsWith('number:') ? float(entry) : entry;
  }
  return out;
}

export function commentModel(value: unknown): Json {
  const comment = record(value);
  return build()
    .put('id', comment['id'])
    .put('uid', comment['uid'])
    .optional('thread_id', comment['thread_id'])
    .put('timestamp', ts(comment['timestamp']))
    .put('messages', list(comment['messages']).map(messageModel))
    .nonEmpty('user_properties', userPropertiesModel(comment['user_properties']))
    .nonEmpty('attachments', list(comment['attachments']).map(attachmentModel))
    .put('created_at', ts(comment['created_at']))
    .put('has_annotations', comment['has_annotations'] ?? false)
    .done();
}

function labelModel(value: unknown): Json {
  const label = record(value);
  return build()
    .put('name', label['name'])
    .put('sentiment', label['sentiment'])
    .optional('metadata', label['metadata'])
    .done();
}

function predictedLabelModel(value: unknown): Json {
  const label = record(value);
  return build()
    .put('name', label['name'])
    .optional('sentiment', float(label['sentiment']))
    .put('probability', float(label['probability']))
    .optional('auto_thresholds', label['auto_thresholds'])
    .done();
}

function labellingGroupModel(value: unknown): Json {
  const group = record(value);
  return build()
    .put('group', group['group'])
    .nonEmpty('assigned', list(group['assigned']).map(labelModel))
    .nonEmpty('dismissed', list(group['dismissed']).map(labelModel))
    .nonEmpty('predicted', list(group['predicted']).map(predictedLabelModel))
    .done();
}

function spanModel(value: unknown): Json {
  const span = record(value);
  return build()
    .put('content_part', span['content_part'])
    .put('message_index', span['message_index'])
    .put('char_start', span['char_start'])
    .put('char_end', span['char_end'])
    .put('utf16_byte_start', span['utf16_byte_start'])
    .put('utf16_byte_end', span['utf16_byte_end'])
    .done();
}

function entityModel(value: unknown): Json {
  const entity = record(value);
  return build()
    .put('name', entity['name'])
    .put('formatted_value', entity['formatted_value'])
    .put('spans', list(entity['spans']).map(spanModel))
    .optional('field_id', entity['field_id'])
    .done();
}

function entitiesModel(value: unknown): Json {
  const entities = record(value);
  return build()
    .nonEmpty('assigned', list(entities['assigned']).map(entityModel))
    .nonEmpty('dismissed', list(entities['dismissed']).map(entityModel))
    .nonEmpty('predicted', list(entities['predicted']).map(entityModel))
    .done();
}

function threadPropertiesModel(value: unknown): Json {
  const properties = record(value);
  return build()
    .put('duration', float(properties['duration'] ?? null))
    .put('response_time', float(properties['response_time'] ?? null))
    .put('num_messages', properties['num_messages'] ?? 0)
    .put('thread_position', properties['thread_position'] ?? null)
    .put('first_sender', properties['first_sender'] ?? null)
    .done();
}

function documentSpanModel(value: unknown): Json {
  const span = record(value);
  const polygon = record(span['polygon']);
  return {
    page_index: span['page_index'],
    attachment_index: span['attachment_index'],
    polygon: {
      vertices: list(polygon['vertices']).map((vertex) => ({
        x: float(record(vertex)['x']),
        y: float(record(vertex)['y']),
      })),
    },
  };
}

function moonFormFieldModel(value: unknown): Json {
  const field = record(value);
  return build()
    .put('name', field['name'])
    .put('spans', list(field['spans']).map(spanModel))
    .put('kind', field['kind'])
    .put('formatted_value', field['formatted_value'])
    .optional('field_id', field['field_id'])
    .put('document_spans', list(field['document_spans']).map(documentSpanModel))
    .done();
}

function captureSetModel(value: unknown): Json {
  const set = record(value);
  return build()
    .put('label', labelModel(set['label']))
    .nonEmpty(
      'captures',
      list(set['captures']).map((capture) =>
        build()
          .nonEmpty('fields', list(record(capture)['fields']).map(moonFormFieldModel))
          .done(),
      ),
    )
    .done();
}

function moonFormModel(value: unknown): Json {
  const form = record(value);
  return build()
    .put('group', form['group'])
    .put('assigned', list(form['assigned']).map(captureSetModel))
    .nonEmpty('predicted', list(form['predicted']).map(captureSetModel))
    .put('dismissed', list(form['dismissed']).map(captureSetModel))
    .done();
}

function labelPropertyModel(value: unknown): Json {
  const property = record(value);
  const breakdown = property['breakdown'];
  const contributions = (entries: unknown): Json[] =>
    list(entries).map((entry) => ({
      name: record(entry)['name'],
      value: float(record(entry)['value']),
    }));
  return build()
    .put('id', property['id'])
    .optional('name', property['name'])
    .put('value', float(property['value']))
    .optional(
      'breakdown',
      isRecord(breakdown)
        ? {
            label_contributions: contributions(breakdown['label_contributions']),
            other_group_contributions: contributions(breakdown['other_group_contributions']),
          }
        : undefined,
    )
    .done();
}

function hasDefaultGroupContent(labelling: unknown[]): boolean {
  const group = labelling.map(record).find((entry) => entry['group'] === 'default');
  return (
    group !== undefined &&
    (!isEmpty(group['assigned']) || !isEmpty(group['dismissed']) || !isEmpty(group['predicted']))
  );
}

/** A download line (cli.md §6.2): `labelling` only when the default group has content, and so on. */
export function annotatedCommentModel(value: unknown): Json {
  const line = record(value);
  const labelling = list(line['labelling']);
  const entities = record(line['entities']);
  const hasEntities =
    !isEmpty(entities['assigned']) ||
    !isEmpty(entities['dismissed']) ||
    !isEmpty(entities['predicted']);
  return build()
    .put('comment', commentModel(line['comment']))
    .optional(
      'labelling',
      hasDefaultGroupContent(labelling) ? labelling.map(labellingGroupModel) : undefined,
    )
    .optional('entities', hasEntities ? entitiesModel(entities) : undefined)
    .optional(
      'thread_properties',
      line['thread_properties'] === undefined || line['thread_properties'] === null
        ? undefined
        : threadPropertiesModel(line['thread_properties']),
    )
    .nonEmpty('moon_forms', list(line['moon_forms']).map(moonFormModel))
    .nonEmpty('label_properties', list(line['label_properties']).map(labelPropertyModel))
    .done();
}

/** Whether a downloaded line carries annotations (assigned or dismissed labels, entities or forms). */
export function hasAnnotations(value: unknown): boolean {
  const line = record(value);
  const labelled = list(line['labelling']).some((group) => {
    const entry = record(group);
    return !isEmpty(entry['assigned']) || !isEmpty(entry['dismissed']);
  });
  const entities = record(line['entities']);
  const forms = list(line['moon_forms']).some((form) => !isEmpty(record(form)['assigned']));
  return labelled || !isEmpty(entities['assigned']) || !isEmpty(entities['dismissed']) || forms;
}

/** The official `without_predictions`: drop predicted lists, and labelling/entities left empty. */
export function withoutPredictions(value: unknown): Json {
  const line = { ...record(value) };
  const labelling = list(line['labelling']);
  if (
    labelling.length === 0 ||
    labelling.every(
      (group) => isEmpty(record(group)['assigned']) && isEmpty(record(group)['dismissed']),
    )
  ) {
    delete line['labelling'];
  } else {
    line['labelling'] = labelling.map((group) => {
      const { predicted: _predicted, ...rest } = record(group);
      return rest;
    });
  }
  const entities = record(line['entities']);
  if (isEmpty(entities['assigned']) && isEmpty(entities['dismissed'])) {
    delete line['entities'];
  } else {
    const { predicted: _predicted, ...rest } = entities;
    line['entities'] = rest;
  }
  return line;
}

export function auditEventModel(event: Json): Json {
  return build()
    .put('actor_email', event['actor_email'])
    .put('actor_tenant_name', event['actor_tenant_name'])
    .put('event_type', event['event_type'])
    .put('dataset_names', event['dataset_names'])
    .put('event_id', event['event_id'])
    .put('project_names', event['project_names'])
    .put('tenant_names', event['tenant_names'])
    .put('timestamp', ts(event['timestamp']))
    .done();
}

/** `get stream-comments` batch and result objects (cli.md §7). */
export function streamResultModel(value: unknown): Json {
  const result = record(value);
  return build()
    .put('comment', commentModel(result['comment']))
    .put('sequence_id', result['sequence_id'])
    .put(
      'labels',
      Array.isArray(result['labels']) ? result['labels'].map(predictedLabelModel) : null,
    )
    .put('entities', Array.isArray(result['entities']) ? result['entities'].map(entityModel) : null)
    .done();
}

export function streamBatchModel(value: unknown): Json {
  const batch = record(value);
  return build()
    .put('results', list(batch['results']).map(streamResultModel))
    .put('filtered', batch['filtered'] ?? 0)
    .put('sequence_id', batch['sequence_id'])
    .put('is_end_sequence', batch['is_end_sequence'] ?? false)
    .done();
}
