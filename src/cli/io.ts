export type OutputStream = { write(text: string): unknown; isTTY?: boolean };
export type InputStream = NodeJS.ReadableStream & { isTTY?: boolean };

/** Everything a command may touch of the outside world, so tests can capture it (architecture.md §10.1). */
export type Io = {
  stdout: OutputStream;
  stderr: OutputStream;
  stdin?: InputStream;
  env: Record<string, string | undefined>;
};

export type LogLevel = 'error' | 'warn' | 'info' | 'debug' | 'trace';

const RANK: Record<LogLevel, number> = { error: 0, warn: 1, info: 2, debug: 3, trace: 4 };
const LETTER: Record<LogLevel, string> = {
  error: 'E',
  warn: 'W',
  info: 'I',
  debug: 'D',
  trace: 'T',
};
// ANSI styles of the official CLI's prefixes: I green, W yellow bold, E red bold, prompts blue bold.
const STYLE: Record<LogLevel, string> = {
  error: '\u001b[1;31m',
  warn: '\u001b[1;33m',
  info: '\u001b[32m',
  debug: '',
  trace: '',
};
const RESET = '\u001b[0m';

/** Colours only on a terminal and when `NO_COLOR` is unset (cli.md §2.5). */
export function useColour(io: Io): boolean {
  return io.stderr.isTTY === true && (io.env['NO_COLOR'] ?? '') === '';
}

export type Logger = {
  error(message: string): void;
  warn(message: string): void;
  info(message: string): void;
  debug(message: string): void;
  trace(message: string): void;
  /** Writes `* <text>` without a newline (the answer follows on stdin). */
  prompt(text: string): void;
  /** Set while a progress bar is drawn, so that a log line first clears the bar's line. */
  setInterrupter(interrupt: (() => void) | null): void;
};

/** `-v` means debug; otherwise `SIFT_LOG` (error, warn, info, debug, trace); default info. */
export function logLevel(io: Io, verbose: boolean): LogLevel {
  if (verbose) {
    return 'debug';
  }
  const wanted = (io.env['SIFT_LOG'] ?? '').trim().toLowerCase();
  return wanted in RANK ? (wanted as LogLevel) : 'info';
}

/** One stderr line per entry, prefixed by its level letter (cli.md §2.5). */
export function createLogger(io: Io, level: LogLevel = 'info'): Logger {
  const colour = useColour(io);
  let interrupter: (() => void) | null = null;
  const write = (entry: LogLevel, message: string): void => {
    if (RANK[entry] > RANK[level]) {
      return;
    }
    interrupter?.();
    const letter =
      colour && STYLE[entry] !== '' ? `${STYLE[entry]}${LETTER[entry]}${RESET}` : LETTER[entry];
    io.stderr.write(`${letter} ${message}\n`);
  };
  return {
    error: (message) => write('error', message),
    warn: (message) => write('warn', message),
    info: (message) => write('info', message),
    debug: (message) => write('debug', message),
    trace: (message) => write('trace', message),
    prompt: (text) => io.stderr.write(`${colour ? `\u001b[1;34m*${RESET}` : '*'} ${text}`),
    setInterrupter: (interrupt) => {
      interrupter = interrupt;
    },
  };
}

// What was read from stdin beyond the last line returned, so that consecutive prompts each get their
// own line even when the answers arrive in one chunk.
const pendingInput = new WeakMap<InputStream, { text: string; ended: boolean }>();

function nextChunk(stdin: InputStream, state: { text: string; ended: boolean }): Promise<void> {
  return new Promise((resolve) => {
    const onData = (chunk: Buffer | string): void => {
      state.text += typeof chunk === 'string' ? chunk : chunk.toString('utf8');
      finish();
    };
    const onEnd = (): void => {
      state.ended = true;
      finish();
    };
    const finish = (): void => {
      stdin.removeListener('data', onData);
      stdin.removeListener('end', onEnd);
      stdin.removeListener('error', onEnd);
      stdin.pause();
      resolve();
    };
    stdin.on('data', onData);
    stdin.once('end', onEnd);
    stdin.once('error', onEnd);
    stdin.resume();
  });
}

/** Reads one line from stdin (answers to prompts), trimmed; an empty string at end of input. */
export async function readLine(io: Io): Promise<string> {
  const stdin = io.stdin;
  if (stdin === undefined) {
    return '';
  }
  const state = pendingInput.get(stdin) ?? { text: '', ended: false };
  pendingInput.set(stdin, state);
  for (;;) {
    const newline = state.text.indexOf('\n');
    if (newline >= 0) {
      const line = state.text.slice(0, newline);
      state.text = state.text.slice(newline + 1);
      return line.trim();
    }
    if (state.ended) {
      const line = state.text;
      state.text = '';
      return line.trim();
    }
    await nextChunk(stdin, state);
  }
}
