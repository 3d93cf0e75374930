import { availableParallelism, cpus, loadavg, totalmem } from 'node:os';

/** Printed with every benchmark result: figures mean little without the machine and its load. */
export function machine(): {
  cores: number;
  cpu: string;
  memory_gib: number;
  load_average: number[];
  node: string;
} {
  return {
    cores: availableParallelism(),
    cpu: cpus()[0]?.model ?? 'unknown',
    memory_gib: Math.round(totalmem() / 2 ** 30),
    load_average: loadavg().map((value) => Math.round(value * 100) / 100),
    node: process.version,
  };
}
