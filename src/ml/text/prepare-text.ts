import { findReplyHeader } from './reply-headers.js';
import { capCodeUnits, collapseWhitespace, countWords } from './tokenize.js';

// ml.md §1.1 (comment → primary and full text) and §1.3 (dense-encoder input).

/** A text part of a message; a translation, when present, is already its `text` (api.md §4.4.3). */
export type TextPart = { readonly text: string };

/** The parts of a comment that classification text is built from (api.md §4.4). */
export type CommentTextInput = {
  readonly messages: readonly {
    readonly subject?: TextPart | undefined;
    readonly body: TextPart;
  }[];
  readonly attachments?: readonly { readonly name: string }[] | undefined;
};

/** Structure facts of a comment that become `s:` tokens of the sparse channel (ml.md §1.4). */
export type CommentStructure = {
  readonly messageCount: number;
  /** §1.1 dropped `>` lines, or a §1.2 reply header was found in any message. */
  readonly quoted: boolean;
  /** A forward header was found in any message. */
  readonly forwarded: boolean;
  readonly hasAttachments: boolean;
  /** Distinct lower-case attachment extensions, ascending. */
  readonly attachmentExtensions: readonly string[];
};

/** Classification texts of a comment. */
export type PreparedText = {
  /** Dense-encoder and Discover input (ml.md §1.1). */
  readonly primaryText: string;
  /** Sparse-channel input, at most 20,000 UTF-16 code units (ml.md §1.1). */
  readonly fullText: string;
  readonly structure: CommentStructure;
};

/** Full text cap in UTF-16 code units (ml.md §1.1). */
export const FULL_TEXT_MAX_LENGTH = 20_000;
/** Default number of SentencePiece pieces kept for the dense encoder (ml.md §1.3). */
export const DEFAULT_ENCODER_PIECES = 128;
const PRIMARY_MIN_WORDS = 20;

const INVISIBLE = /[\u200B-\u200D\u2060\uFEFF]/g;
const SUBJECT_PREFIXES = /^((re|fw|fwd|aw|wg|sv|tr)\s*(\[\d+\])?\s*:\s*)+/i;
const EXTENSION = /^[\p{L}\p{N}]{1,10}$/u;

/** ml.md §1.1 `norm`: NFKC, `\r\n`/`\r` → `\n`, zero-width characters removed, NBSP → space. */
export function normalizeText(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/\r\n?/g, '\n')
    .replace(INVISIBLE, '')
    .replace(/\u00A0/g, ' ');
}

/** The result of {@link cleanBody}: the text and what was removed. */
export type CleanedBody = {
  text: string;
  droppedQuotes: boolean;
  replyHeader: boolean;
  forward: boolean;
};

/** ml.md §1.1 `clean(body, multi)`: drop `>` lines, cut at the first reply header when `multi`, tidy whitespace. */
export function cleanBody(body: string, multi: boolean): CleanedBody {
  const lines = normalizeText(body).split('\n');
  const kept: string[] = [];
  let droppedQuotes = false;
  for (const line of lines) {
    const trimmed = line.replace(/[ \t]+/g, ' ').trim();
    if (trimmed.startsWith('>')) {
      droppedQuotes = true;
      continue;
    }
    kept.push(trimmed);
  }
  const header = findReplyHeader(kept);
  const end = multi && header !== null ? header.line : kept.length;
  const text = kept
    .slice(0, end)
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  return { text, droppedQuotes, replyHeader: header !== null, forward: header?.forward ?? false };
}

/** ml.md §1.1 `subj(m)`: the normalised subject without repeated reply/forward prefixes. */
export function cleanSubject(subject: string | undefined): string {
  if (subject === undefined) {
    return '';
  }
  return normalizeText(subject).trim().replace(SUBJECT_PREFIXES, '').trim();
}

function attachmentExtension(name: string): string | null {
  const dot = name.lastIndexOf('.');
  if (dot < 0 || dot === name.length - 1) {
    return null;
  }
  const extension = name.slice(dot + 1).toLowerCase();
  return EXTENSION.test(extension) ? extension : null;
}

/** Builds the primary text, full text and structure facts of a comment (ml.md §1.1, §1.4 step 3). */
export function prepareCommentText(comment: CommentTextInput): PreparedText {
  const multi = comment.messages.length > 1;
  const bodies = comment.messages.map((message) => cleanBody(message.body.text, multi));
  const subjects = comment.messages.map((message) => cleanSubject(message.subject?.text));

  const primaryParts: string[] = [];
  const firstSubject = subjects[0] ?? '';
  const firstBody = bodies[0]?.text ?? '';
  if (firstSubject !== '') {
    primaryParts.push(firstSubject);
  }
  primaryParts.push(firstBody);
  let words = countWords(firstSubject) + countWords(firstBody);
  for (let index = 1; index < bodies.length && words < PRIMARY_MIN_WORDS; index += 1) {
    const extra = bodies[index]!.text;
    if (extra !== '') {
      primaryParts.push(extra);
      words += countWords(extra);
    }
  }

  const fullParts: string[] = [];
  let previousSubject = '';
  for (let index = 0; index < bodies.length; index += 1) {
    const subject = subjects[index]!;
    if (subject !== '' && subject !== previousSubject) {
      fullParts.push(subject);
    }
    previousSubject = subject;
    const body = bodies[index]!.text;
    if (body !== '') {
      fullParts.push(body);
    }
  }

  const extensions = new Set<string>();
  for (const attachment of comment.attachments ?? []) {
    const extension = attachmentExtension(attachment.name);
    if (extension !== null) {
      extensions.add(extension);
    }
  }
  return {
    primaryText: primaryParts.join('\n').trim(),
    fullText: capCodeUnits(fullParts.join('\n\n'), FULL_TEXT_MAX_LENGTH),
    structure: {
      messageCount: comment.messages.length,
      quoted: bodies.some((body) => body.droppedQuotes || body.replyHeader),
      forwarded: bodies.some((body) => body.forward),
      hasAttachments: (comment.attachments?.length ?? 0) > 0,
      attachmentExtensions: [...extensions].sort(),
    },
  };
}

/**
 * ml.md §1.3 steps 1 and 3: whitespace collapsed, then cut to at most `8 · maxPieces` code units at the
 * last whitespace, so the slow tokenizer never sees a whole long email.
 */
export function encoderInputText(primaryText: string, maxPieces = DEFAULT_ENCODER_PIECES): string {
  const collapsed = collapseWhitespace(primaryText);
  const limit = 8 * maxPieces;
  if (collapsed.length <= limit) {
    return collapsed;
  }
  const capped = capCodeUnits(collapsed, limit);
  // A cut exactly before a space keeps the whole last word.
  if (collapsed.charCodeAt(capped.length) === 32) {
    return capped;
  }
  const lastSpace = capped.lastIndexOf(' ');
  return lastSpace > 0 ? capped.slice(0, lastSpace) : capped;
}
