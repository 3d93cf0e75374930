export type Clock = {
  /** Current time as microseconds since the Unix epoch. */
  nowMicros(): bigint;
};

const processStartNs = process.hrtime.bigint();
const processStartMicros = BigInt(Date.now()) * 1000n;

/** Wall clock with microsecond resolution: Date.now() gives only milliseconds. */
export const systemClock: Clock = {
  nowMicros: () => processStartMicros + (process.hrtime.bigint() - processStartNs) / 1000n,
};
