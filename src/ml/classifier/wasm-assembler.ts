// A minimal WebAssembly binary writer for the classifier's SIMD kernels (wasm-kernels.ts). It knows just
// the instructions those kernels use; the kernels are written against it so that no build step or
// toolchain package is needed. Encoding: https://webassembly.github.io/spec/core/binary/.

/** Value types. */
export const VALUE_TYPE = { i32: 0x7f, f64: 0x7c, v128: 0x7b } as const;
type ValueType = (typeof VALUE_TYPE)[keyof typeof VALUE_TYPE];

function unsignedLeb(value: number): number[] {
  const out: number[] = [];
  let rest = value >>> 0;
  do {
    let byte = rest & 0x7f;
    rest >>>= 7;
    if (rest !== 0) {
      byte |= 0x80;
    }
    out.push(byte);
  } while (rest !== 0);
  return out;
}

function signedLeb(value: number): number[] {
  const out: number[] = [];
  let rest = value | 0;
  for (;;) {
    const byte = rest & 0x7f;
    rest >>= 7;
    if ((rest === 0 && (byte & 0x40) === 0) || (rest === -1 && (byte & 0x40) !== 0)) {
      out.push(byte);
      return out;
    }
    out.push(byte | 0x80);
  }
}

function name(text: string): number[] {
  const bytes = [...new TextEncoder().encode(text)];
  return [...unsignedLeb(bytes.length), ...bytes];
}

function vector(items: readonly number[][]): number[] {
  return [...unsignedLeb(items.length), ...items.flat()];
}

function section(id: number, body: readonly number[]): number[] {
  return [id, ...unsignedLeb(body.length), ...body];
}

/** A function body under construction; every method appends one instruction. */
export class FunctionBuilder {
  private readonly code: number[] = [];
  private readonly localTypes: ValueType[] = [];

  constructor(
    readonly parameters: readonly ValueType[],
    readonly results: readonly ValueType[] = [],
  ) {}

  /** Declares a local and returns its index. */
  local(type: ValueType): number {
    this.localTypes.push(type);
    return this.parameters.length + this.localTypes.length - 1;
  }

  private emit(...bytes: number[]): this {
    this.code.push(...bytes);
    return this;
  }

  get(index: number): this {
    return this.emit(0x20, ...unsignedLeb(index));
  }
  set(index: number): this {
    return this.emit(0x21, ...unsignedLeb(index));
  }
  tee(index: number): this {
    return this.emit(0x22, ...unsignedLeb(index));
  }
  i32Const(value: number): this {
    return this.emit(0x41, ...signedLeb(value));
  }
  f64Const0(): this {
    return this.emit(0x44, 0, 0, 0, 0, 0, 0, 0, 0);
  }
  i32Add(): this {
    return this.emit(0x6a);
  }
  i32Sub(): this {
    return this.emit(0x6b);
  }
  i32Mul(): this {
    return this.emit(0x6c);
  }
  i32Shl(): this {
    return this.emit(0x74);
  }
  i32GeS(): this {
    return this.emit(0x4e);
  }
  i32GtS(): this {
    return this.emit(0x4a);
  }
  i32LtS(): this {
    return this.emit(0x48);
  }
  /** `block` with no result; `depth` 0 in `brIf` then jumps to its end. */
  block(): this {
    return this.emit(0x02, 0x40);
  }
  /** `loop` with no result; `br(0)` jumps to its start. */
  loop(): this {
    return this.emit(0x03, 0x40);
  }
  end(): this {
    return this.emit(0x0b);
  }
  br(depth: number): this {
    return this.emit(0x0c, ...unsignedLeb(depth));
  }
  brIf(depth: number): this {
    return this.emit(0x0d, ...unsignedLeb(depth));
  }
  i32Load(offset = 0): this {
    return this.emit(0x28, 2, ...unsignedLeb(offset));
  }
  f32Load(offset = 0): this {
    return this.emit(0x2a, 2, ...unsignedLeb(offset));
  }
  f64Load(offset = 0): this {
    return this.emit(0x2b, 3, ...unsignedLeb(offset));
  }
  f64Store(offset = 0): this {
    return this.emit(0x39, 3, ...unsignedLeb(offset));
  }
  f64PromoteF32(): this {
    return this.emit(0xbb);
  }
  f64Add(): this {
    return this.emit(0xa0);
  }
  f64Mul(): this {
    return this.emit(0xa2);
  }
  f64Sub(): this {
    return this.emit(0xa1);
  }
  f32DemoteF64(): this {
    return this.emit(0xb6);
  }
  f32Store(offset = 0): this {
    return this.emit(0x38, 2, ...unsignedLeb(offset));
  }
  private simd(opcode: number, ...immediates: number[]): this {
    return this.emit(0xfd, ...unsignedLeb(opcode), ...immediates);
  }
  v128Load(offset = 0): this {
    return this.simd(0x00, 4, ...unsignedLeb(offset));
  }
  v128Store(offset = 0): this {
    return this.simd(0x0b, 4, ...unsignedLeb(offset));
  }
  /** Loads 8 bytes into the low half, zeroing the high half. */
  v128Load64Zero(offset = 0): this {
    return this.simd(0x5d, 3, ...unsignedLeb(offset));
  }
  /** Loads one f64 into both lanes. */
  v128Load64Splat(offset = 0): this {
    return this.simd(0x0a, 3, ...unsignedLeb(offset));
  }
  v128Zero(): this {
    return this.simd(0x0c, ...Array.from({ length: 16 }, () => 0));
  }
  f64x2Splat(): this {
    return this.simd(0x14);
  }
  f64x2ExtractLane(lane: number): this {
    return this.simd(0x21, lane);
  }
  f64x2ReplaceLane(lane: number): this {
    return this.simd(0x22, lane);
  }
  f64x2PromoteLowF32x4(): this {
    return this.simd(0x5f);
  }
  /** Rounds both f64 lanes to f32 in lanes 0–1, zeroing lanes 2–3. */
  f32x4DemoteF64x2Zero(): this {
    return this.simd(0x5e);
  }
  /** Stores the low 8 bytes (lane 0 of the i64x2 view). */
  v128Store64Lane0(offset = 0): this {
    return this.simd(0x5b, 3, ...unsignedLeb(offset), 0);
  }
  f64x2Sub(): this {
    return this.simd(0xf1);
  }
  f64x2Add(): this {
    return this.simd(0xf0);
  }
  f64x2Mul(): this {
    return this.simd(0xf2);
  }

  /** The encoded code-section entry. */
  encode(): number[] {
    const locals = vector(this.localTypes.map((type) => [1, type]));
    const body = [...locals, ...this.code, 0x0b];
    return [...unsignedLeb(body.length), ...body];
  }
}

/** Encodes a module importing `env.memory` and exporting each function under its name. */
export function encodeModule(
  functions: readonly { name: string; body: FunctionBuilder }[],
): Uint8Array<ArrayBuffer> {
  const types = functions.map(({ body }) => [
    0x60,
    ...vector(body.parameters.map((type) => [type])),
    ...vector(body.results.map((type) => [type])),
  ]);
  return Uint8Array.from([
    0x00,
    0x61,
    0x73,
    0x6d,
    0x01,
    0x00,
    0x00,
    0x00,
    ...section(1, vector(types)),
    ...section(2, vector([[...name('env'), ...name('memory'), 0x02, 0x00, 0x01]])),
    ...section(3, vector(functions.map((_, index) => unsignedLeb(index)))),
    ...section(
      7,
      vector(functions.map((item, index) => [...name(item.name), 0x00, ...unsignedLeb(index)])),
    ),
    ...section(10, vector(functions.map(({ body }) => body.encode()))),
  ]);
}
