import { canonicalJson, safeParseJson } from '../../lib/json.js';
import type { PlattParameters } from '../calibration/platt.js';
import type { CorpusStats } from '../text/tfidf.js';

// ml.md §3.8 model file: a length-prefixed UTF-8 JSON header, then little-endian typed blocks, each
// aligned to 8 bytes. The header is canonical JSON (sorted keys), so equal models give equal bytes
// (ml.md §3.7). Loading validates the format version and every block length and never guesses.

/** The only model file format this code reads and writes. */
export const MODEL_FILE_FORMAT_VERSION = 1;
const KIND = 'ovr-logreg';
const ALIGNMENT = 8;

/** One label group of a model version: names, which labels are modelled, and their parameters. */
export type ModelFileGroup = {
  readonly name: string;
  readonly labels: readonly string[];
  readonly hasModel: readonly boolean[];
  /** The group's global Platt fit `(A_g, B_g)`. */
  readonly calibrationGlobal: PlattParameters;
  /** Per modelled label, label-major: `d_s` sparse then `denseDimensions` dense weights. */
  readonly weights: Float32Array;
  readonly intercepts: Float64Array;
  /** `ln(N⁻/N⁺)` per modelled label. */
  readonly shifts: Float64Array;
  /** `A_j, B_j` per modelled label. */
  readonly calibrators: Float64Array;
  /** `high_recall, balanced, high_precision` per modelled label, NaN = none. */
  readonly thresholds: Float64Array;
};

/** Everything a model version's binary artefact holds (sentiment models, §9, are not part of it yet). */
export type ModelFileContents = {
  /** The dataset's feature spec (ml.md §2.6), stored verbatim. */
  readonly featureSpec: unknown;
  readonly C: number;
  readonly lambdaC: number;
  readonly seeds: Readonly<Record<string, number>>;
  readonly siftVersion: string;
  /** The corpus snapshot of the sparse channel (ml.md §2.2). */
  readonly corpus: CorpusStats;
  readonly denseDimensions: number;
  readonly groups: readonly ModelFileGroup[];
};

type BlockType = 'i32' | 'f32' | 'f64';
type BlockName =
  | 'vocabulary'
  | 'idf'
  | 'corpus_size'
  | 'weights'
  | 'intercepts'
  | 'shifts'
  | 'calibrators'
  | 'thresholds';
type TypedBlock = Int32Array | Float32Array | Float64Array;

const BLOCK_TYPES: Readonly<Record<BlockName, BlockType>> = {
  vocabulary: 'i32',
  idf: 'f32',
  corpus_size: 'f64',
  weights: 'f32',
  intercepts: 'f64',
  shifts: 'f64',
  calibrators: 'f64',
  thresholds: 'f64',
};
const BLOCK_ORDER = Object.keys(BLOCK_TYPES) as BlockName[];
const BYTES: Readonly<Record<BlockType, number>> = { i32: 4, f32: 4, f64: 8 };
const LITTLE_ENDIAN_HOST = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** A model file that cannot be read; the message says why. */
export class ModelFileError extends Error {
  override readonly name = 'ModelFileError';
}

function align(offset: number): number {
  return Math.ceil(offset / ALIGNMENT) * ALIGNMENT;
}

function concat<T extends Float32Array | Float64Array>(
  parts: readonly T[],
  create: (length: number) => T,
): T {
  const total = parts.reduce((sum, part) => sum + part.length, 0);
  const out = create(total);
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

function writeBlock(
  view: DataView,
  bytes: Uint8Array,
  offset: number,
  block: TypedBlock,
  type: BlockType,
): void {
  if (LITTLE_ENDIAN_HOST) {
    bytes.set(new Uint8Array(block.buffer, block.byteOffset, block.byteLength), offset);
    return;
  }
  const size = BYTES[type];
  for (let index = 0; index < block.length; index += 1) {
    const at = offset + index * size;
    if (type === 'i32') {
      view.setInt32(at, block[index]!, true);
    } else if (type === 'f32') {
      view.setFloat32(at, block[index]!, true);
    } else {
      view.setFloat64(at, block[index]!, true);
    }
  }
}

function modelledCount(group: ModelFileGroup): number {
  return group.hasModel.filter(Boolean).length;
}

/** Serialises a model version (ml.md §3.8); equal contents give byte-identical files. */
export function modelToFile(contents: ModelFileContents): Uint8Array {
  const sparseDimensions = contents.corpus.vocabulary.length;
  const width = sparseDimensions + contents.denseDimensions;
  for (const group of contents.groups) {
    const modelled = modelledCount(group);
    if (
      group.hasModel.length !== group.labels.length ||
      group.weights.length !== modelled * width ||
      group.intercepts.length !== modelled ||
      group.shifts.length !== modelled ||
      group.calibrators.length !== 2 * modelled ||
      group.thresholds.length !== 3 * modelled
    ) {
      throw new RangeError(
        `group '${group.name}' has arrays that do not match its modelled labels`,
      );
    }
  }
  const blocks: Record<BlockName, TypedBlock> = {
    vocabulary: contents.corpus.vocabulary,
    idf: contents.corpus.idf,
    corpus_size: Float64Array.of(contents.corpus.documentCount),
    weights: concat(
      contents.groups.map((group) => group.weights),
      (length) => new Float32Array(length),
    ),
    intercepts: concat(
      contents.groups.map((group) => group.intercepts),
      (length) => new Float64Array(length),
    ),
    shifts: concat(
      contents.groups.map((group) => group.shifts),
      (length) => new Float64Array(length),
    ),
    calibrators: concat(
      contents.groups.map((group) => group.calibrators),
      (length) => new Float64Array(length),
    ),
    thresholds: concat(
      contents.groups.map((group) => group.thresholds),
      (length) => new Float64Array(length),
    ),
  };
  const blockOffsets: Record<string, { offset: number; length: number; type: BlockType }> = {};
  let cursor = 0;
  for (const name of BLOCK_ORDER) {
    cursor = align(cursor);
    blockOffsets[name] = { offset: cursor, length: blocks[name].length, type: BLOCK_TYPES[name] };
    cursor += blocks[name].byteLength;
  }
  const dataLength = align(cursor);
  const header = new TextEncoder().encode(
    canonicalJson({
      format_version: MODEL_FILE_FORMAT_VERSION,
      kind: KIND,
      feature_spec: contents.featureSpec,
      groups: contents.groups.map((group) => ({
        name: group.name,
        labels: group.labels,
        has_model: group.hasModel,
      })),
      C: contents.C,
      lambda_c: contents.lambdaC,
      calibration: {
        global: contents.groups.map((group) => [
          group.calibrationGlobal.slope,
          group.calibrationGlobal.intercept,
        ]),
      },
      seeds: contents.seeds,
      sift_version: contents.siftVersion,
      dense_dimensions: contents.denseDimensions,
      block_offsets: blockOffsets,
    }),
  );
  const dataStart = align(4 + header.length);
  const bytes = new Uint8Array(dataStart + dataLength);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, header.length, true);
  bytes.set(header, 4);
  for (const name of BLOCK_ORDER) {
    writeBlock(
      view,
      bytes,
      dataStart + blockOffsets[name]!.offset,
      blocks[name],
      BLOCK_TYPES[name],
    );
  }
  return bytes;
}

function readBlock(bytes: Uint8Array, start: number, length: number, type: BlockType): TypedBlock {
  const byteLength = length * BYTES[type];
  const absolute = bytes.byteOffset + start;
  if (LITTLE_ENDIAN_HOST) {
    // Zero-copy when the block is aligned in the underlying buffer, else one copy.
    const aligned = absolute % BYTES[type] === 0;
    const buffer = aligned ? bytes.buffer : bytes.slice(start, start + byteLength).buffer;
    const offset = aligned ? absolute : 0;
    if (type === 'i32') {
      return new Int32Array(buffer, offset, length);
    }
    return type === 'f32'
      ? new Float32Array(buffer, offset, length)
      : new Float64Array(buffer, offset, length);
  }
  const view = new DataView(bytes.buffer, absolute, byteLength);
  const size = BYTES[type];
  if (type === 'i32') {
    return Int32Array.from({ length }, (_, index) => view.getInt32(index * size, true));
  }
  if (type === 'f32') {
    return Float32Array.from({ length }, (_, index) => view.getFloat32(index * size, true));
  }
  return Float64Array.from({ length }, (_, index) => view.getFloat64(index * size, true));
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function fail(message: string): never {
  throw new ModelFileError(`invalid model file: ${message}`);
}

function numberField(record: Record<string, unknown>, key: string): number {
  const value = record[key];
  if (typeof value !== 'number') {
    fail(`header field '${key}' must be a number`);
  }
  return value;
}

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string');
}

function isBooleanArray(value: unknown): value is boolean[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'boolean');
}

function isNumberPair(value: unknown): value is [number, number] {
  return (
    Array.isArray(value) && value.length === 2 && value.every((item) => typeof item === 'number')
  );
}

/**
 * Reads a model file written by {@link modelToFile}.
 * @throws ModelFileError for an unknown `format_version` or any length or header mismatch.
 */
export function modelFromFile(bytes: Uint8Array): ModelFileContents {
  if (bytes.length < 4) {
    fail('shorter than its length prefix');
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = view.getUint32(0, true);
  if (4 + headerLength > bytes.length) {
    fail('header runs past the end of the file');
  }
  const parsed = safeParseJson(new TextDecoder().decode(bytes.subarray(4, 4 + headerLength)));
  if (!parsed.ok || !isRecord(parsed.value)) {
    fail('header is not a JSON object');
  }
  const header = parsed.value;
  if (header.format_version !== MODEL_FILE_FORMAT_VERSION) {
    throw new ModelFileError(
      `unsupported model file format_version ${JSON.stringify(header.format_version)} (this build reads ${MODEL_FILE_FORMAT_VERSION})`,
    );
  }
  if (header.kind !== KIND) {
    fail(`unknown kind ${JSON.stringify(header.kind)}`);
  }
  const offsets = header.block_offsets;
  if (!isRecord(offsets)) {
    fail('block_offsets missing');
  }
  const dataStart = align(4 + headerLength);
  const blocks = {} as Record<BlockName, TypedBlock>;
  for (const name of BLOCK_ORDER) {
    const entry = offsets[name];
    if (!isRecord(entry) || entry.type !== BLOCK_TYPES[name]) {
      fail(`block '${name}' missing or of the wrong type`);
    }
    const offset = numberField(entry, 'offset');
    const length = numberField(entry, 'length');
    const type = BLOCK_TYPES[name];
    if (
      !Number.isInteger(offset) ||
      !Number.isInteger(length) ||
      offset < 0 ||
      length < 0 ||
      offset % ALIGNMENT !== 0 ||
      dataStart + offset + length * BYTES[type] > bytes.length
    ) {
      fail(`block '${name}' lies outside the file`);
    }
    blocks[name] = readBlock(bytes, dataStart + offset, length, type);
  }
  const denseDimensions = numberField(header, 'dense_dimensions');
  const sparseDimensions = blocks.vocabulary.length;
  if (blocks.idf.length !== sparseDimensions) {
    fail('idf and vocabulary lengths differ');
  }
  if (blocks.corpus_size.length !== 1) {
    fail('corpus_size must hold one value');
  }
  const rawGroups = header.groups;
  const rawGlobals = isRecord(header.calibration) ? header.calibration.global : undefined;
  if (
    !Array.isArray(rawGroups) ||
    !Array.isArray(rawGlobals) ||
    rawGlobals.length !== rawGroups.length
  ) {
    fail('groups and calibration.global must be parallel arrays');
  }
  const width = sparseDimensions + denseDimensions;
  const modelledTotal = rawGroups.reduce<number>((total, group) => {
    const hasModel = isRecord(group) ? group.has_model : undefined;
    return total + (Array.isArray(hasModel) ? hasModel.filter((flag) => flag === true).length : 0);
  }, 0);
  const expected: Record<BlockName, number> = {
    vocabulary: sparseDimensions,
    idf: sparseDimensions,
    corpus_size: 1,
    weights: modelledTotal * width,
    intercepts: modelledTotal,
    shifts: modelledTotal,
    calibrators: 2 * modelledTotal,
    thresholds: 3 * modelledTotal,
  };
  for (const name of BLOCK_ORDER) {
    if (blocks[name].length !== expected[name]) {
      fail(`block '${name}' has ${blocks[name].length} values, expected ${expected[name]}`);
    }
  }
  let modelledBefore = 0;
  const groups = rawGroups.map((raw, index): ModelFileGroup => {
    if (!isRecord(raw) || typeof raw.name !== 'string') {
      fail(`group ${index} is malformed`);
    }
    const labels = raw.labels;
    if (!isStringArray(labels)) {
      fail(`group '${raw.name}' labels must be strings`);
    }
    const hasModel = raw.has_model;
    if (!isBooleanArray(hasModel) || hasModel.length !== labels.length) {
      fail(`group '${raw.name}' has_model must be booleans parallel to labels`);
    }
    const global: unknown = rawGlobals[index];
    if (!isNumberPair(global)) {
      fail(`calibration.global[${index}] must be [A, B]`);
    }
    const modelled = hasModel.filter(Boolean).length;
    const from = modelledBefore;
    modelledBefore += modelled;
    const slice = <T extends TypedBlock>(block: T, per: number): T =>
      block.subarray(from * per, (from + modelled) * per) as T;
    return {
      name: raw.name,
      labels,
      hasModel,
      calibrationGlobal: { slope: global[0], intercept: global[1] },
      weights: slice(blocks.weights as Float32Array, width),
      intercepts: slice(blocks.intercepts as Float64Array, 1),
      shifts: slice(blocks.shifts as Float64Array, 1),
      calibrators: slice(blocks.calibrators as Float64Array, 2),
      thresholds: slice(blocks.thresholds as Float64Array, 3),
    };
  });
  const seeds = header.seeds;
  if (!isRecord(seeds) || !Object.values(seeds).every((value) => typeof value === 'number')) {
    fail('seeds must map names to numbers');
  }
  if (typeof header.sift_version !== 'string') {
    fail('sift_version must be a string');
  }
  return {
    featureSpec: header.feature_spec,
    C: numberField(header, 'C'),
    lambdaC: numberField(header, 'lambda_c'),
    seeds: seeds as Record<string, number>,
    siftVersion: header.sift_version,
    corpus: {
      documentCount: blocks.corpus_size[0]!,
      vocabulary: blocks.vocabulary as Int32Array,
      idf: blocks.idf as Float32Array,
    },
    denseDimensions,
    groups,
  };
}
