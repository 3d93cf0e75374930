import type { Dataset } from '../../contracts/datasets.js';
import type {
  EntityDef,
  GeneralFieldDef,
  LabelDef,
  LabelGroup,
} from '../../contracts/label-defs.js';
import type {
  DatasetRecord,
  EntityDefRecord,
  GeneralFieldRecord,
  LabelDefRecord,
  LabelGroupRecord,
  TaxonomyRecord,
} from '../../store/store.js';

import { DEFAULT_GROUP } from './taxonomy.js';

// Optional keys are emitted only when set: official clients compare them with what they uploaded.

export function toLabelDefResponse(def: LabelDefRecord): LabelDef {
  return {
    name: def.name,
    title: def.title,
    instructions: def.instructions,
    ...(def.external_id === null ? {} : { external_id: def.external_id }),
    ...(def.pretrained === null
      ? {}
      : { pretrained: { id: def.pretrained.id, name: def.pretrained.name } }),
    trainable: def.trainable,
    ...(def.moon_form === null ? {} : { moon_form: def.moon_form }),
    ...(def.properties === null ? {} : { properties: def.properties }),
  };
}

export function toLabelGroupResponse(
  group: LabelGroupRecord & { label_defs: LabelDefRecord[] },
): LabelGroup {
  return {
    name: group.name,
    label_defs: group.label_defs.map(toLabelDefResponse),
    ...(group.label_collection_name === null
      ? {}
      : { label_collection_name: group.label_collection_name }),
    trainable: group.trainable,
    hidden: group.hidden,
    instructions: group.instructions,
  };
}

export function toEntityDefResponse(def: EntityDefRecord): EntityDef {
  return {
    id: def.id,
    name: def.name,
    title: def.title,
    color: def.color,
    inherits_from: def.inherits_from,
    trainable: def.trainable,
    _entity_def_flags: def.flags,
    ...(def.rules === null ? {} : { rules: def.rules }),
    ...(def.instructions === null ? {} : { instructions: def.instructions }),
  };
}

export function toGeneralFieldResponse(field: GeneralFieldRecord): GeneralFieldDef {
  return {
    field_id: field.field_id,
    api_name: field.api_name,
    ...(field.field_type_id === null ? {} : { field_type_id: field.field_type_id }),
    ...(field.field_type_name === null ? {} : { field_type_name: field.field_type_name }),
    title: field.title,
  };
}

export function toDatasetResponse(dataset: DatasetRecord, taxonomy: TaxonomyRecord): Dataset {
  const groups = taxonomy.label_groups.map(toLabelGroupResponse);
  return {
    id: dataset.id,
    owner: dataset.owner,
    name: dataset.name,
    title: dataset.title,
    description: dataset.description,
    created: dataset.created,
    last_modified: dataset.last_modified,
    model_family: dataset.model_family,
    source_ids: dataset.source_ids,
    has_sentiment: dataset.has_sentiment,
    entity_defs: taxonomy.entity_defs.map(toEntityDefResponse),
    general_fields: taxonomy.general_fields.map(toGeneralFieldResponse),
    // api.md §9 #25: the `default` group's defs only; the others are in `label_groups`.
    label_defs: groups.find((group) => group.name === DEFAULT_GROUP)?.label_defs ?? [],
    label_groups: groups,
    _dataset_flags: dataset.dataset_flags,
    _model_config: dataset.model_config,
    limited_access: false,
    readonly: false,
    ...(dataset.label_properties === null ? {} : { _label_properties: dataset.label_properties }),
    _timezone: dataset.timezone,
    ...(dataset.preferred_locales === null
      ? {}
      : { _preferred_locales: dataset.preferred_locales }),
  };
}
