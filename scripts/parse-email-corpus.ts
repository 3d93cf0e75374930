// Parses every raw email of the shared SpamAssassin and Enron corpora with the `generic` transform and
// prints counts, the first errors and throughput; the last line is one JSON object of the figures.
// Usage: npx tsx scripts/parse-email-corpus.ts   (SIFT_SHARED_DATA overrides ../shared/data)
import { parseRawEmail } from '../src/domain/emails/parse-raw-email.js';

import { CORPORA, readRecords, toDocument, TRANSFORM_TAG } from './email-corpus.js';

const ERRORS_SHOWN = 10;

function hasHeader(block: string, name: string): boolean {
  return new RegExp(`^${name}:`, 'im').test(block);
}

const figures = {
  total: 0,
  parsed_ok: 0,
  errors: 0,
  no_date_and_no_message_id: 0,
  with_signature: 0,
  with_signature_any_message: 0,
  with_quoted_history: 0,
  messages_extracted: 0,
  seconds: 0,
  messages_per_second: 0,
  by_corpus: {} as Record<string, { total: number; ok: number; signature: number; quoted: number }>,
};
const errorSamples: string[] = [];

const started = performance.now();
for (const corpus of CORPORA) {
  const perCorpus = { total: 0, ok: 0, signature: 0, quoted: 0 };
  figures.by_corpus[corpus] = perCorpus;
  for (const record of readRecords(corpus)) {
    figures.total += 1;
    perCorpus.total += 1;
    const block = record.meta.raw_header_block;
    if (!hasHeader(block, 'date') && !hasHeader(block, 'message-id')) {
      figures.no_date_and_no_message_id += 1;
    }
    const result = await parseRawEmail(toDocument(record), { transformTag: TRANSFORM_TAG });
    if (!result.ok) {
      figures.errors += 1;
      if (errorSamples.length < ERRORS_SHOWN) {
        errorSamples.push(`${record.id}: ${result.error}`);
      }
      continue;
    }
    figures.parsed_ok += 1;
    perCorpus.ok += 1;
    const { messages } = result.value;
    figures.messages_extracted += messages.length;
    if (messages[0]?.signature !== undefined) {
      figures.with_signature += 1;
      perCorpus.signature += 1;
    }
    if (messages.some((message) => message.signature !== undefined)) {
      figures.with_signature_any_message += 1;
    }
    if (messages.length > 1) {
      figures.with_quoted_history += 1;
      perCorpus.quoted += 1;
    }
  }
}
figures.seconds = Number(((performance.now() - started) / 1000).toFixed(3));
figures.messages_per_second = Math.round(figures.total / figures.seconds);

console.log(`emails:                 ${figures.total}`);
console.log(`parsed ok:              ${figures.parsed_ok}`);
console.log(`errors:                 ${figures.errors}`);
for (const sample of errorSamples) {
  console.log(`  ${sample}`);
}
console.log(
  `no Date and no Message-ID (400 by api.md §6.1.2): ${figures.no_date_and_no_message_id}`,
);
console.log(
  `signature in message 0: ${figures.with_signature} (any message: ${figures.with_signature_any_message})`,
);
console.log(
  `with quoted history:    ${figures.with_quoted_history} (${figures.messages_extracted} messages extracted)`,
);
for (const [corpus, counts] of Object.entries(figures.by_corpus)) {
  console.log(
    `  ${corpus}: ${counts.ok}/${counts.total} ok, ${counts.signature} signatures, ${counts.quoted} quoted`,
  );
}
console.log(
  `throughput:             ${figures.messages_per_second} emails/s (${figures.seconds} s)`,
);
console.log(JSON.stringify(figures));
