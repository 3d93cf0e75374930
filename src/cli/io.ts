export type Io = {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
  stdin?: NodeJS.ReadableStream;
  env: Record<string, string | undefined>;
};

/** One stderr line per log entry, prefixed by its level letter (cli.md §2.5). */
export function log(io: Io, level: 'I' | 'W' | 'E' | 'D', message: string): void {
  io.stderr.write(`${level} ${message}\n`);
}
