import type { Io } from './io.js';
import { stringifyLine } from './json-output.js';
import type { OutputFormat } from './session.js';

/** A table cell: plain text, or text the terminal shows dimmed (`none`, `missing`, owner prefixes). */
export type Cell = string | { dim: string } | { parts: Cell[] };

const DIM = '\u001b[2m';
const HEADER = '\u001b[1;32m';
const RESET = '\u001b[0m';

function plain(cell: Cell): string {
  if (typeof cell === 'string') {
    return cell;
  }
  return 'dim' in cell ? cell.dim : cell.parts.map(plain).join('');
}

function styled(cell: Cell): string {
  if (typeof cell === 'string') {
    return cell;
  }
  return 'dim' in cell ? `${DIM}${cell.dim}${RESET}` : cell.parts.map(styled).join('');
}

export function dim(text: string): Cell {
  return { dim: text };
}

/** `owner/name` with the owner and slash dimmed on a terminal (cli.md §4.1). */
export function fullName(owner: unknown, name: unknown): Cell {
  return { parts: [dim(`${String(owner)}/`), String(name)] };
}

export function stdoutColour(io: Io): boolean {
  return io.stdout.isTTY === true && (io.env['NO_COLOR'] ?? '') === '';
}

/** A borderless table: header row then rows, cells left-aligned and padded (cli.md §4.1). */
export function printTable(
  io: Io,
  headers: readonly string[],
  rows: readonly (readonly Cell[])[],
): void {
  const colour = stdoutColour(io);
  const widths = headers.map((header, column) =>
    Math.max(header.length, ...rows.map((row) => plain(row[column] ?? '').length)),
  );
  const line = (cells: readonly Cell[], header: boolean): string =>
    cells
      .map((cell, column) => {
        const text = plain(cell);
        const padding = ' '.repeat(Math.max(0, (widths[column] ?? 0) - text.length));
        const shown = !colour ? text : header ? `${HEADER}${text}${RESET}` : styled(cell);
        return column === cells.length - 1 ? shown : `${shown}${padding}`;
      })
      .join(' ')
      .trimEnd();
  io.stdout.write(`${line(headers, true)}\n`);
  for (const row of rows) {
    io.stdout.write(`${line(row, false)}\n`);
  }
}

export function printJsonLines(io: Io, objects: readonly unknown[]): void {
  for (const object of objects) {
    io.stdout.write(`${stringifyLine(object)}\n`);
  }
}

/** Resources in the selected format: JSON lines of the models, or a table of the rows. */
export function printResources<T>(
  io: Io,
  output: OutputFormat,
  items: readonly T[],
  table: { headers: readonly string[]; model: (item: T) => unknown; row: (item: T) => Cell[] },
): void {
  if (output === 'json') {
    printJsonLines(io, items.map(table.model));
  } else {
    printTable(io, table.headers, items.map(table.row));
  }
}

/** Thousands separators as in the official CLI's quota table. */
export function thousands(value: number): string {
  return Math.trunc(value)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}
