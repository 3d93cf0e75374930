/** One header field as written: `name` is `null` for a line that is not `Name: value` (an mbox `From ` line). */
export type HeaderField = { name: string | null; text: string };

const FIELD_NAME = /^([!-9;-~]+):/;

/** Splits a header block into fields, keeping folded continuation lines with their field. */
export function splitHeaderBlock(block: string): HeaderField[] {
  const fields: HeaderField[] = [];
  for (const line of block.split(/\r?\n/)) {
    const last = fields[fields.length - 1];
    if (/^[ \t]/.test(line) && last !== undefined) {
      last.text = `${last.text}\r\n${line}`;
      continue;
    }
    fields.push({ name: FIELD_NAME.exec(line)?.[1]?.toLowerCase() ?? null, text: line });
  }
  return fields;
}

/** The unfolded, trimmed value of the first field called `name` (lower case), or `undefined`. */
export function headerValue(fields: readonly HeaderField[], name: string): string | undefined {
  const field = fields.find((candidate) => candidate.name === name);
  if (field === undefined) {
    return undefined;
  }
  return field.text
    .slice(field.text.indexOf(':') + 1)
    .replace(/\r?\n(?=[ \t])/g, '')
    .trim();
}

/** A header parameter such as `boundary` or `charset`, unquoted; `undefined` when absent. */
export function headerParameter(value: string, parameter: string): string | undefined {
  const match = new RegExp(`;\\s*${parameter}\\s*=\\s*(?:"([^"]*)"|([^\\s;]+))`, 'i').exec(value);
  return match?.[1] ?? match?.[2];
}
