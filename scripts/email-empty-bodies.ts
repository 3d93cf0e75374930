// Issue 15 item 4: over every raw email of the shared SpamAssassin and Enron corpora (4,952 messages),
// how many comments come out of the `generic` transform without the text the raw message has.
//   lost          no message of the comment has a word in its body, signature or (quoted) subject while
//                 the raw message's readable text has one. Goal: 0.
//   message_0_empty  the first message (the sender's own text) has no word while the raw text has one;
//                 the rest are emails that open with a forwarded or original message and add nothing
//                 above it, whose text is in message 1 and later (listed per corpus with their ids).
// "Readable text" is the corpus' own `text` field (the text/plain parts, else the HTML with tags
// stripped), made independently of Sift. The last line is one JSON object of the figures.
// Usage: npx tsx scripts/email-empty-bodies.ts [--list]   (SIFT_SHARED_DATA overrides ../shared/data)
import type { CommentNew } from '../src/contracts/comments.js';
import { parseRawEmail } from '../src/domain/emails/parse-raw-email.js';

import { CORPORA, readRecords, toDocument, TRANSFORM_TAG } from './email-corpus.js';

const WORD = /[\p{L}\p{N}]/u;

function ownText(comment: CommentNew): boolean {
  const [first] = comment.messages;
  return WORD.test(first?.body.text ?? '') || WORD.test(first?.signature?.text ?? '');
}

function anyText(comment: CommentNew): boolean {
  return comment.messages.some(
    (message, index) =>
      WORD.test(message.body.text) ||
      WORD.test(message.signature?.text ?? '') ||
      // Message 0's subject is the email's Subject header, not body text; a quoted one is.
      (index > 0 && WORD.test(message.subject?.text ?? '')),
  );
}

type CorpusFigures = {
  total: number;
  with_text: number;
  lost: number;
  message_0_empty: number;
  errors: number;
};

const list = process.argv.includes('--list');
const figures: Record<string, CorpusFigures> = {};
const lost: string[] = [];
const emptyFirst: string[] = [];
for (const corpus of CORPORA) {
  const counts: CorpusFigures = { total: 0, with_text: 0, lost: 0, message_0_empty: 0, errors: 0 };
  figures[corpus] = counts;
  for (const record of readRecords(corpus)) {
    counts.total += 1;
    const result = await parseRawEmail(toDocument(record), { transformTag: TRANSFORM_TAG });
    if (!result.ok) {
      counts.errors += 1;
      continue;
    }
    if (!WORD.test(record.text)) {
      continue;
    }
    counts.with_text += 1;
    if (!anyText(result.value)) {
      counts.lost += 1;
      lost.push(record.id);
    } else if (!ownText(result.value)) {
      counts.message_0_empty += 1;
      emptyFirst.push(record.id);
    }
  }
}

const total = Object.values(figures).reduce(
  (sum, counts) => ({
    total: sum.total + counts.total,
    with_text: sum.with_text + counts.with_text,
    lost: sum.lost + counts.lost,
    message_0_empty: sum.message_0_empty + counts.message_0_empty,
    errors: sum.errors + counts.errors,
  }),
  { total: 0, with_text: 0, lost: 0, message_0_empty: 0, errors: 0 },
);
for (const [corpus, counts] of Object.entries(figures)) {
  console.log(
    `${corpus}: ${counts.total} emails, ${counts.with_text} with text, ${counts.lost} lost, ` +
      `${counts.message_0_empty} with an empty message 0 (text in later messages), ${counts.errors} errors`,
  );
}
console.log(`lost (goal 0): ${total.lost}${lost.length > 0 ? ` — ${lost.join(', ')}` : ''}`);
if (list) {
  console.log(`empty message 0: ${emptyFirst.join(', ')}`);
}
console.log(JSON.stringify({ ...total, by_corpus: figures }));
