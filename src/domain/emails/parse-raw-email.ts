import { convert as htmlToText, type HtmlToTextOptions } from 'html-to-text';
import { simpleParser, type AddressObject, type ParsedMail } from 'mailparser';

import type { CommentNew, Message, UserProperties } from '../../contracts/comments.js';
import type { RawEmail, RawEmailDocument } from '../../contracts/emails.js';
import { sha256Hex } from '../../lib/hash.js';
import { type Result, err, ok } from '../../lib/result.js';

import { parseEmailDate } from './email-date.js';
import {
  type HeaderField,
  headerParameter,
  headerValue,
  splitHeaderBlock,
} from './header-fields.js';
import { splitSignature } from './signature.js';
import { type QuotedHeader, splitQuotedHistory } from './split-quotes.js';

export type ParseRawEmailOptions = {
  /** The `generic.<n>.<CODE>` tag; every tag Sift accepts uses the one rule set of ml.md §1.2 today. */
  transformTag: string;
  /** Document user properties that win over the transform's properties of the same name. @default [] */
  overrideUserProperties?: readonly string[];
};

const HEADER_NAME = /^[!-9;-~]+$/;
const BASE64_BODY = /^[A-Za-z0-9+/=\s]*$/;

type BuiltSource = { bytes: Buffer; fields: HeaderField[] };

function headerFields(headers: RawEmail['headers']): Result<HeaderField[]> {
  const { raw, parsed } = headers;
  if ((raw === undefined) === (parsed === undefined)) {
    return err("raw_email.headers must have exactly one of 'raw' or 'parsed'");
  }
  if (raw !== undefined) {
    const block = raw.replace(/^(?:\r?\n)+/, '').trimEnd();
    if (/\n\r?\n/.test(block)) {
      return err('raw_email.headers.raw must be the header block only (it contains a blank line)');
    }
    return ok(block === '' ? [] : splitHeaderBlock(block));
  }
  const fields: HeaderField[] = [];
  for (const [name, value] of Object.entries(parsed ?? {})) {
    if (!HEADER_NAME.test(name)) {
      return err(`raw_email.headers.parsed has an invalid header name ${JSON.stringify(name)}`);
    }
    // A line break inside a value would end the field (or the header block) early.
    fields.push({
      name: name.toLowerCase(),
      text: `${name}: ${value.replace(/\s*[\r\n]+\s*/g, ' ')}`,
    });
  }
  return ok(fields);
}

/**
 * Whether the body is still MIME-encoded under the given headers (a multipart body with its boundary, or
 * a base64/quoted-printable part) rather than text a client already decoded into a JSON string.
 */
function isMimeEncoded(fields: readonly HeaderField[], body: string): boolean {
  const contentType = headerValue(fields, 'content-type') ?? '';
  if (/^\s*multipart\//i.test(contentType)) {
    const boundary = headerParameter(contentType, 'boundary');
    return boundary !== undefined && body.includes(`--${boundary}`);
  }
  const encoding = (headerValue(fields, 'content-transfer-encoding') ?? '').toLowerCase();
  return encoding === 'quoted-printable' || (encoding === 'base64' && BASE64_BODY.test(body));
}

function buildSource(rawEmail: RawEmail): Result<BuiltSource> {
  const headers = headerFields(rawEmail.headers);
  if (!headers.ok) {
    return headers;
  }
  const { plain, html } = rawEmail.body;
  if ((plain === undefined) === (html === undefined)) {
    return err("raw_email.body must have exactly one of 'plain' or 'html'");
  }
  const body = plain ?? html ?? '';
  let fields = headers.value;
  if (!isMimeEncoded(fields, body)) {
    // The body is a JSON string, so whatever charset and transfer encoding the original headers declare no
    // longer describe it: it is UTF-8 text of the kind its key names.
    const contentType = headerValue(fields, 'content-type') ?? '';
    const flowed = ['format', 'delsp']
      .map((name) => [name, headerParameter(contentType, name)] as const)
      .filter(
        (entry): entry is readonly [string, string] =>
          entry[1] !== undefined && plain !== undefined && /^\s*text\/plain/i.test(contentType),
      )
      .map(([name, value]) => `; ${name}=${value}`)
      .join('');
    fields = [
      ...fields.filter(
        (field) => field.name !== 'content-type' && field.name !== 'content-transfer-encoding',
      ),
      {
        name: 'content-type',
        text: `Content-Type: text/${plain !== undefined ? 'plain' : 'html'}; charset=utf-8${flowed}`,
      },
      { name: 'content-transfer-encoding', text: 'Content-Transfer-Encoding: 8bit' },
    ];
  }
  const source = `${fields.map((field) => field.text).join('\r\n')}\r\n\r\n${body}`;
  return ok({ bytes: Buffer.from(source, 'utf8'), fields });
}

/** The Message-ID without angle brackets and surrounding whitespace; `undefined` when empty. */
function bareMessageId(value: string | undefined): string | undefined {
  if (value === undefined) {
    return undefined;
  }
  const bracketed = /<([^<>]*)>/.exec(value)?.[1]?.trim();
  const bare = bracketed ?? value.trim();
  return bare === '' ? undefined : bare;
}

function firstBracketedId(value: string | undefined): string | undefined {
  for (const match of (value ?? '').matchAll(/<([^<>]*)>/g)) {
    const id = match[1]?.trim();
    if (id !== undefined && id !== '') {
      return id;
    }
  }
  return undefined;
}

/** api.md §6.1.2: comment and thread ids are the first 32 hex characters of SHA-256 of a bare id. */
function derivedId(bareId: string): string {
  return sha256Hex(bareId).slice(0, 32);
}

function addressEntries(
  value: AddressObject | AddressObject[] | undefined,
): AddressObject['value'] {
  const objects = value === undefined ? [] : Array.isArray(value) ? value : [value];
  const flatten = (entries: AddressObject['value']): AddressObject['value'] =>
    entries.flatMap((entry) => (entry.group !== undefined ? flatten(entry.group) : [entry]));
  return objects.flatMap((object) => flatten(object.value));
}

function bareAddresses(value: AddressObject | AddressObject[] | undefined): string[] {
  return addressEntries(value)
    .map((entry) => entry.address?.trim() ?? '')
    .filter((address) => address !== '');
}

/** The sender's bare address, or the display name when the header has no address ("MAILER-DAEMON"). */
function senderOf(mail: ParsedMail): string | undefined {
  const [first] = addressEntries(mail.from);
  const sender = first?.address?.trim() || first?.name.trim();
  return sender === '' ? undefined : sender;
}

function domainOf(address: string | undefined): string | undefined {
  const at = address?.lastIndexOf('@') ?? -1;
  const domain =
    address !== undefined && at >= 0
      ? address
          .slice(at + 1)
          .trim()
          .toLowerCase()
      : '';
  return domain === '' ? undefined : domain;
}

function withRecipients(message: Message, header: Pick<QuotedHeader, 'to' | 'cc' | 'bcc'>): void {
  for (const key of ['to', 'cc', 'bcc'] as const) {
    const addresses = header[key];
    if (addresses !== undefined && addresses.length > 0) {
      message[key] = addresses;
    }
  }
}

function withBody(message: Message, text: string): void {
  const split = splitSignature(text);
  message.body = { text: split.body };
  if (split.signature !== undefined) {
    message.signature = { text: split.signature };
  }
}

function quotedMessage(quoted: QuotedHeader & { body: string }): Message {
  const message: Message = { body: { text: '' } };
  withBody(message, quoted.body);
  if (quoted.subject !== undefined) {
    message.subject = { text: quoted.subject };
  }
  if (quoted.from !== undefined) {
    message.from = quoted.from;
  }
  withRecipients(message, quoted);
  if (quoted.sentAt !== undefined) {
    message.sent_at = quoted.sentAt;
  }
  return message;
}

function mergeUserProperties(
  transform: UserProperties,
  document: UserProperties | null | undefined,
  overrides: readonly string[],
): UserProperties {
  const merged: UserProperties = { ...transform };
  const overridable = new Set(overrides);
  for (const [name, value] of Object.entries(document ?? {})) {
    if (!(name in transform) || overridable.has(name)) {
      merged[name] = value;
    }
  }
  return merged;
}

const HAS_TEXT = /[\p{L}\p{N}]/u;

/**
 * The text the split works on: the `text/plain` part, or when that has no words the HTML part as text
 * (ml.md §1.2). mailparser only fills `text` from a plain part, so a message whose only part is HTML
 * (common in multipart/mixed and multipart/related spam and newsletters) would otherwise have no body.
 */
function bodyText(mail: ParsedMail): string {
  const text = mail.text ?? '';
  if (HAS_TEXT.test(text) || typeof mail.html !== 'string') {
    return text;
  }
  const body = htmlToText(mail.html, HTML_TO_TEXT);
  // An empty <body> with the words in <title> or after </html> (a mailing-list footer appended to an
  // HTML message): read the whole document rather than return nothing.
  return HAS_TEXT.test(body)
    ? body
    : htmlToText(mail.html, {
        ...HTML_TO_TEXT,
        baseElements: { selectors: [], returnDomByDefault: true },
      });
}

const HTML_TO_TEXT: HtmlToTextOptions = {
  wordwrap: false,
  selectors: [
    // Link targets and images are markup, not the author's words (tracking URLs, spacer images).
    { selector: 'a', options: { ignoreHref: true } },
    { selector: 'img', format: 'skip' },
    // Headings keep their case: upper-casing them would change the text.
    { selector: 'h1', options: { uppercase: false } },
    { selector: 'h2', options: { uppercase: false } },
    { selector: 'h3', options: { uppercase: false } },
    { selector: 'h4', options: { uppercase: false } },
    { selector: 'h5', options: { uppercase: false } },
    { selector: 'h6', options: { uppercase: false } },
  ],
};

function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Turns a raw email into one comment with transform `generic` (api.md §6.1.2): ids from the Message-ID,
 * timestamp from Date, the body split into new content, signature and quoted history (ml.md §1.2).
 * Fails with a message naming the problem when the document cannot become a comment (a `400`).
 */
export async function parseRawEmail(
  document: RawEmailDocument,
  options: ParseRawEmailOptions,
): Promise<Result<CommentNew, string>> {
  const source = buildSource(document.raw_email);
  if (!source.ok) {
    return source;
  }
  const { fields } = source.value;
  const messageId = bareMessageId(headerValue(fields, 'message-id'));
  const id = document.comment_id ?? (messageId === undefined ? undefined : derivedId(messageId));
  if (id === undefined) {
    return err('the document has no comment_id and no Message-ID header to derive it from');
  }
  const dateHeader = headerValue(fields, 'date');
  if (dateHeader === undefined || dateHeader === '') {
    return err('the Date header is missing');
  }
  const date = parseEmailDate(dateHeader);
  if (!date.ok) {
    return err(`the Date header ${JSON.stringify(dateHeader)} is not a valid date (${date.error})`);
  }

  let mail: ParsedMail;
  try {
    mail = await simpleParser(source.value.bytes, {
      checksumAlgo: false,
      keepCidLinks: true,
      skipImageLinks: true,
      skipTextLinks: true,
      skipTextToHtml: true,
    });
  } catch (error) {
    return err(`the email could not be parsed: ${describeError(error)}`);
  }

  const [own, ...quoted] = splitQuotedHistory(bodyText(mail).replace(/\r\n?/g, '\n'));
  const first: Message = { body: { text: '' } };
  withBody(first, own?.body ?? '');
  if (headerValue(fields, 'subject') !== undefined) {
    first.subject = { text: mail.subject ?? '' };
  }
  const sender = senderOf(mail);
  if (sender !== undefined) {
    first.from = sender;
  }
  const to = bareAddresses(mail.to);
  withRecipients(first, { to, cc: bareAddresses(mail.cc), bcc: bareAddresses(mail.bcc) });
  first.sent_at = date.value;
  const messages = [first, ...quoted.map(quotedMessage)];

  const threadRoot =
    firstBracketedId(headerValue(fields, 'references')) ??
    firstBracketedId(headerValue(fields, 'in-reply-to')) ??
    messageId;
  const transformProperties: UserProperties = {};
  if (messageId !== undefined) {
    transformProperties['string:Message ID'] = messageId;
  }
  if (sender !== undefined) {
    transformProperties['string:Sender'] = sender;
  }
  const senderDomain = domainOf(sender);
  if (senderDomain !== undefined) {
    transformProperties['string:Sender Domain'] = senderDomain;
  }
  const recipientDomain = domainOf(to[0]);
  if (recipientDomain !== undefined) {
    transformProperties['string:Recipient Domain'] = recipientDomain;
  }
  if (threadRoot !== undefined) {
    transformProperties['string:Thread'] = threadRoot;
  }
  transformProperties['number:Messages'] = messages.length;
  transformProperties['string:Has Signature'] = first.signature === undefined ? 'No' : 'Yes';

  const comment: CommentNew = {
    id,
    timestamp: date.value,
    messages,
    user_properties: mergeUserProperties(
      transformProperties,
      document.user_properties,
      options.overrideUserProperties ?? [],
    ),
    attachments: document.raw_email.attachments ?? [],
  };
  if (threadRoot !== undefined) {
    comment.thread_id = derivedId(threadRoot);
  }
  return ok(comment);
}
