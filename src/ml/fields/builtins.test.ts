import { describe, expect, it } from 'vitest';

import { extractBuiltins } from './builtins.js';
import { fieldContext } from './context.js';
import { loadNameTagger } from './names.js';
import { codePointOffset, toWireSpan } from './spans.js';

// Reference: Wednesday 2024-03-13 in UTC.
const GB = fieldContext({ timestamp: '2024-03-13T10:00:00Z', locale: 'en-GB' });
const US = fieldContext({ timestamp: '2024-03-13T10:00:00Z', locale: 'en-US' });

function found(text: string, context = GB) {
  return extractBuiltins(text, context).map((item) => [
    item.kind,
    text.slice(item.start, item.end),
    item.formatted_value,
  ]);
}

describe('date (ml.md §8.2)', () => {
  it('reads ISO, textual and ordinal forms', () => {
    expect(found('Due 2024-3-5, or 15 March 2024, or 15th of March, 2024.')).toEqual([
      ['date', '2024-3-5', '2024-03-05'],
      ['date', '15 March 2024', '2024-03-15'],
      ['date', '15th of March, 2024', '2024-03-15'],
    ]);
    expect(found('March 15th, 2024 and Sept 3')).toEqual([
      ['date', 'March 15th, 2024', '2024-03-15'],
      ['date', 'Sept 3', '2024-09-03'],
    ]);
  });

  it('settles ambiguous numeric dates by the dataset locale', () => {
    expect(found('on 03/04/2024')).toEqual([['date', '03/04/2024', '2024-04-03']]);
    expect(found('on 03/04/2024', US)).toEqual([['date', '03/04/2024', '2024-03-04']]);
    // A number above 12 decides whatever the locale.
    expect(found('on 13/04/2024', US)).toEqual([['date', '13/04/2024', '2024-04-13']]);
    expect(found('on 04/13/2024')).toEqual([['date', '04/13/2024', '2024-04-13']]);
    expect(found('on 1.2.99 and 1.2.05')).toEqual([
      ['date', '1.2.99', '1999-02-01'],
      ['date', '1.2.05', '2005-02-01'],
    ]);
  });

  it('rejects impossible days and honours leap years', () => {
    expect(found('31/04/2024 and 2023-02-29')).toEqual([]);
    expect(found('2024-02-29')).toEqual([['date', '2024-02-29', '2024-02-29']]);
  });

  it('puts a year-less date in the year closest to the reference', () => {
    const january = fieldContext({ timestamp: '2025-01-05T00:00:00Z' });
    expect(found('since 20 Dec', january)).toEqual([['date', '20 Dec', '2024-12-20']]);
    expect(found('by Mar 15')).toEqual([['date', 'Mar 15', '2024-03-15']]);
  });

  it('resolves relative dates against the comment date in the dataset time zone', () => {
    expect(
      found('today, tomorrow, yesterday, the day after tomorrow, in two weeks, 3 days ago'),
    ).toEqual([
      ['date', 'today', '2024-03-13'],
      ['date', 'tomorrow', '2024-03-14'],
      ['date', 'yesterday', '2024-03-12'],
      ['date', 'the day after tomorrow', '2024-03-15'],
      ['date', 'in two weeks', '2024-03-27'],
      ['date', '3 days ago', '2024-03-10'],
    ]);
    expect(found('on Wednesday, next Friday, last Monday, next week, this Wednesday')).toEqual([
      ['date', 'Wednesday', '2024-03-20'],
      ['date', 'next Friday', '2024-03-15'],
      ['date', 'last Monday', '2024-03-11'],
      ['date', 'next week', '2024-03-18'],
      ['date', 'this Wednesday', '2024-03-13'],
    ]);
    // 23:30 UTC on the 13th is already the 14th in Tokyo.
    const tokyo = fieldContext({ timestamp: '2024-03-13T23:30:00Z', timeZone: 'Asia/Tokyo' });
    expect(found('today', tokyo)).toEqual([['date', 'today', '2024-03-14']]);
  });
});

describe('money', () => {
  it('formats amounts with the currency minor units', () => {
    expect(found('Pay $1,200 or £45.20 or 500 JPY or €1.234,5 or 2.5k EUR', US)).toEqual([
      ['money', '$1,200', '1200.00 USD'],
      ['money', '£45.20', '45.20 GBP'],
      ['money', '500 JPY', '500 JPY'],
      ['money', '€1.234,5', '1234.50 EUR'],
      ['money', '2.5k EUR', '2500.00 EUR'],
    ]);
    expect(found('a 3 bn dollars deal, 20 quid, HK$ 300, 1 200,50 €')).toEqual([
      ['money', '3 bn dollars', '3000000000.00 USD'],
      ['money', '20 quid', '20.00 GBP'],
      ['money', 'HK$ 300', '300.00 HKD'],
      ['money', '1 200,50 €', '1200.50 EUR'],
    ]);
  });

  it('reads `$` as the local dollar and ignores bare numbers and lower-case code words', () => {
    expect(
      found('$40', fieldContext({ timestamp: '2024-01-01T00:00:00Z', locale: 'en-CA' })),
    ).toEqual([['money', '$40', '40.00 CAD']]);
    expect(found('I had 1200 tries, try 5 times')).toEqual([]);
  });
});

describe('iban', () => {
  it('accepts the spec example with and without spaces', () => {
    expect(found('IBAN: GB82 WEST 1234 5698 7654 32 thanks')).toEqual([
      ['iban', 'GB82 WEST 1234 5698 7654 32', 'GB82WEST12345698765432'],
    ]);
    expect(found('gb82west12345698765432')).toEqual([
      ['iban', 'gb82west12345698765432', 'GB82WEST12345698765432'],
    ]);
    expect(found('NO93 8601 1117 947')).toEqual([
      ['iban', 'NO93 8601 1117 947', 'NO9386011117947'],
    ]);
  });

  it('rejects a changed digit, a wrong length and an unknown country', () => {
    for (const text of [
      'GB82 WEST 1234 5698 7654 33',
      'GB82 WEST 1234 5698 7654 3',
      'GB83 WEST 1234 5698 7654 32',
      'ZZ82 WEST 1234 5698 7654 32',
    ]) {
      expect(found(text).filter(([kind]) => kind === 'iban')).toEqual([]);
    }
  });
});

describe('contacts', () => {
  it('finds email addresses with lower-cased domains', () => {
    expect(found('write to John.Doe+x@Example.CO.UK.')).toEqual([
      ['email_address', 'John.Doe+x@Example.CO.UK', 'John.Doe+x@example.co.uk'],
    ]);
  });

  it('strips trailing punctuation and unbalanced brackets from URLs', () => {
    expect(found('see https://example.com/a_(b), (www.example.org/x).')).toEqual([
      ['url', 'https://example.com/a_(b)', 'https://example.com/a_(b)'],
      ['url', 'www.example.org/x', 'www.example.org/x'],
    ]);
  });

  it('keeps international, announced and grouped phone numbers only', () => {
    expect(
      found('Call +44 20 7946 0958, tel: 020 7946 0958, (555) 123-4567, 555-123-4567, 1234567'),
    ).toEqual([
      ['phone_number', '+44 20 7946 0958', '+442079460958'],
      ['phone_number', '020 7946 0958', '02079460958'],
      ['phone_number', '(555) 123-4567', '5551234567'],
      ['phone_number', '555-123-4567', '5551234567'],
    ]);
    expect(found('0044 20 7946 0958')).toEqual([
      ['phone_number', '0044 20 7946 0958', '+442079460958'],
    ]);
  });
});

describe('identifiers', () => {
  it('takes the value after a keyword, upper-cased', () => {
    expect(found('Re order number: ab-12345 and invoice #inv-778, ticket no. 99812')).toEqual([
      ['order_id', 'ab-12345', 'AB-12345'],
      ['invoice_id', '#inv-778', '#INV-778'],
      ['reference_number', '99812', '99812'],
    ]);
    expect(found('order #A1234, PO 4500012345')).toEqual([
      ['order_id', '#A1234', 'A1234'],
      ['reference_number', '4500012345', '4500012345'],
    ]);
  });

  it('needs a digit in the value', () => {
    expect(found('in order to help, the account manager')).toEqual([]);
  });
});

describe('SHOULD kinds', () => {
  it('checks BIC, ISIN, LEI, CUSIP and SEDOL check digits', () => {
    expect(found('SWIFT: DEUTDEFF, ISIN US0378331005, LEI 5493001KJTIIGC8Y1R12')).toEqual([
      ['bic', 'DEUTDEFF', 'DEUTDEFF'],
      ['isin', 'US0378331005', 'US0378331005'],
      ['lei', '5493001KJTIIGC8Y1R12', '5493001KJTIIGC8Y1R12'],
    ]);
    expect(found('ISIN US0378331006 and DOCUMENT')).toEqual([]);
    expect(found('CUSIP 037833100, SEDOL 0263494')).toEqual([
      ['cusip', '037833100', '037833100'],
      ['sedol', '0263494', '0263494'],
    ]);
    expect(found('CUSIP 037833101')).toEqual([]);
  });

  it('formats UK postcodes with one space', () => {
    expect(found('London SW1A1AA and EC1A 1BB')).toEqual([
      ['uk_postcode', 'SW1A1AA', 'SW1A 1AA'],
      ['uk_postcode', 'EC1A 1BB', 'EC1A 1BB'],
    ]);
  });
});

describe('overlaps (ml.md §8.2 priority)', () => {
  it('keeps the higher-priority kind', () => {
    // The date wins over the phone-shaped digits.
    expect(found('phone 2024-03-05')).toEqual([['date', '2024-03-05', '2024-03-05']]);
    // An address inside a URL outranks the URL, which is then dropped whole.
    expect(found('visit https://shop.com/bob@shop.com')).toEqual([
      ['email_address', 'bob@shop.com', 'bob@shop.com'],
    ]);
    expect(found('see https://shop.com/?on=2024-03-05 for $5')).toEqual([
      ['url', 'https://shop.com/?on=2024-03-05', 'https://shop.com/?on=2024-03-05'],
      ['money', '$5', '5.00 USD'],
    ]);
  });
});

describe('person and org (compromise)', () => {
  it('finds names with offsets in UTF-16 code units', async () => {
    await loadNameTagger();
    const text = 'Hi 😀 東京 John Smith from Acme Corp wrote to Microsoft.';
    const items = extractBuiltins(text, GB, { person: true, org: true });
    expect(items.map((item) => [item.kind, text.slice(item.start, item.end)])).toEqual([
      ['person', 'John Smith'],
      ['org', 'Acme Corp'],
      ['org', 'Microsoft'],
    ]);
  });
});

describe('spans (ml.md §8.3)', () => {
  it('converts UTF-16 offsets to code points across emoji and CJK text', () => {
    const text = '😀 注文 order 12345 📦';
    const [order] = extractBuiltins(text, GB);
    expect(text.slice(order!.start, order!.end)).toBe('12345');
    expect(toWireSpan(text, 'body', 0, order!.start, order!.end)).toEqual({
      content_part: 'body',
      message_index: 0,
      char_start: 11,
      char_end: 16,
      utf16_byte_start: 12,
      utf16_byte_end: 17,
    });
    expect(codePointOffset(text, text.length)).toBe([...text].length);
  });
});
