import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** ../shared/data beside the repository (read-only), or SIFT_SHARED_DATA. */
export function sharedDataDir(): string {
  const fromEnv = process.env['SIFT_SHARED_DATA'];
  const directory = fromEnv ?? fileURLToPath(new URL('../../shared/data/', import.meta.url));
  if (!existsSync(directory)) {
    throw new Error(`shared data not found at ${directory} (set SIFT_SHARED_DATA)`);
  }
  return directory.endsWith('/') ? directory : `${directory}/`;
}

export type DataRecord = {
  id: string;
  text: string;
  labels: string[];
  split: string;
  meta?: Record<string, unknown>;
};

/** Every record of a dataset folder's JSONL shards, in file order. */
export function readDataset(folder: string): DataRecord[] {
  const directory = `${sharedDataDir()}${folder}/`;
  return readdirSync(directory)
    .filter((name) => name.endsWith('.jsonl'))
    .sort()
    .flatMap((name) =>
      readFileSync(`${directory}${name}`, 'utf8')
        .split('\n')
        .filter((line) => line.trim() !== '')
        .map((line) => JSON.parse(line) as DataRecord),
    );
}

export type TicketComment = {
  id: string;
  timestamp: string;
  messages: { subject: { text: string }; body: { text: string }; from: string; to: string[] }[];
  user_properties: Record<string, string | number>;
};

/** `total` realistic comments from the IT service tickets set; the ingest and CLI benchmarks share them. */
export function buildTicketComments(total: number): TicketComment[] {
  const tickets = readDataset('it_service_tickets');
  const start = Date.UTC(2024, 0, 1);
  return Array.from({ length: total }, (_, index) => {
    const ticket = tickets[index % tickets.length]!;
    const words = ticket.text.split(' ');
    return {
      id: `ticket-${index}`,
      timestamp: new Date(start + index * 37_000).toISOString(),
      messages: [
        {
          subject: { text: words.slice(0, 6).join(' ') },
          body: { text: ticket.text },
          from: `user${index % 997}@corp.example`,
          to: ['helpdesk@corp.example'],
        },
      ],
      user_properties: {
        'string:Category': ticket.labels[0] ?? 'none',
        'number:Priority': index % 5,
      },
    };
  });
}
