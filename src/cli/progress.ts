import cliProgress from 'cli-progress';

import { useColour, type Io, type Logger } from './io.js';

export type Progress = {
  /** Sets the done amount; the total grows if the amount passes it (cli.md §4.4). */
  update(value: number): void;
  stop(): void;
};

const NO_PROGRESS: Progress = { update: () => undefined, stop: () => undefined };
const SPINNER = ['⠁', '⠂', '⠄', '⡀', '⢀', '⠠', '⠐', '⠈'];
const BAR_CELLS = 32;

export function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return unit === 0 ? `${value} B` : `${value.toFixed(2)} ${units[unit]}`;
}

function clock(seconds: number): string {
  const whole = Math.max(0, Math.floor(seconds));
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${pad(Math.floor(whole / 3600))}:${pad(Math.floor((whole % 3600) / 60))}:${pad(whole % 60)}`;
}

function eta(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) {
    return '?';
  }
  if (seconds < 60) {
    return `${Math.round(seconds)}s`;
  }
  if (seconds < 3600) {
    return `${Math.round(seconds / 60)}m`;
  }
  return `${Math.round(seconds / 3600)}h`;
}

function bar(fraction: number): string {
  const filled = Math.min(BAR_CELLS, Math.floor(fraction * BAR_CELLS));
  if (filled >= BAR_CELLS) {
    return '#'.repeat(BAR_CELLS);
  }
  return `${'#'.repeat(filled)}>${'-'.repeat(BAR_CELLS - filled - 1)}`;
}

/**
 * A progress bar on stderr, only when stderr is a terminal and not disabled (cli.md §4.4):
 * `I <spinner> [HH:MM:SS] <message> <bar> <done> / <total> (<eta>)`; without a total only the spinner,
 * elapsed time and message. Cleared when stopped; log lines clear it before they print.
 */
export function startProgress(
  io: Io,
  log: Logger,
  options: { enabled: boolean; total: number | null; bytes: boolean; message: () => string },
): Progress {
  if (!options.enabled || io.stderr.isTTY !== true) {
    return NO_PROGRESS;
  }
  const started = Date.now();
  let tick = 0;
  let total = options.total;
  const prefix = useColour(io) ? '\u001b[32mI\u001b[0m' : 'I';
  const amount = (value: number) => (options.bytes ? formatBytes(value) : String(value));
  const progress = new cliProgress.SingleBar({
    // cli-progress only writes to the stream; stderr is a TTY here (checked above).
    stream: io.stderr as unknown as NodeJS.WritableStream,
    fps: 10,
    clearOnComplete: true,
    hideCursor: null,
    linewrap: false,
    format: (_options, params) => {
      tick += 1;
      const elapsed = (Date.now() - started) / 1000;
      const head = `${prefix} ${SPINNER[tick % SPINNER.length]} [${clock(elapsed)}] ${options.message()}`;
      if (total === null) {
        return head;
      }
      const fraction = total > 0 ? params.value / total : 1;
      const remaining = fraction > 0 ? (elapsed / fraction) * (1 - fraction) : Number.NaN;
      return `${head} ${bar(fraction)} ${amount(params.value)} / ${amount(total)} (${eta(remaining)})`;
    },
  });
  progress.start(total ?? 0, 0);
  log.setInterrupter(() => io.stderr.write('\r\u001b[2K'));
  return {
    update(value) {
      if (total !== null && value > total) {
        total = value;
        progress.setTotal(value);
      }
      progress.update(value);
    },
    stop() {
      progress.stop();
      log.setInterrupter(null);
    },
  };
}
