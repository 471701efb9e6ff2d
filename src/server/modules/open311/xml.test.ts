// The Open311 XML writer: whatever text it is given, the document is well-formed and reads back as the same text
// (less the characters XML 1.0 cannot carry); JSON of the same tree keeps lists as arrays.
import fc from 'fast-check';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { escapeXml, jsonDocument, xmlDocument, xmlSafe } from './xml.ts';

const parser = new XMLParser({ parseTagValue: false, trimValues: false, isArray: (n) => n === 'item' });
const CHILDREN = { items: 'item' };

describe('Open311 XML writer', () => {
  it('escapes markup and keeps Chinese as it is', () => {
    expect(escapeXml('井盖 <破损> & "松动" \'x\'')).toBe('井盖 &lt;破损&gt; &amp; &quot;松动&quot; &apos;x&apos;');
  });

  it('drops control characters and lone surrogates, keeps tabs, newlines and astral characters', () => {
    expect(xmlSafe('a\u0000b\u0007c\u001b\td\ne\ud800f\udc00g𠀀h\ufffei')).toBe('abc\td\nefg𠀀hi');
  });

  it('writes the UTF-8 declaration, empty elements for null and nothing for undefined', () => {
    expect(xmlDocument('r', { a: null, b: undefined, c: true, d: 1.5, items: ['x'] }, CHILDREN)).toBe(
      '<?xml version="1.0" encoding="utf-8"?>\n<r><a/><c>true</c><d>1.5</d><items><item>x</item></items></r>\n',
    );
  });

  it('refuses a list without a child name and an invalid element name (a programming error)', () => {
    expect(() => xmlDocument('r', { things: [1] }, CHILDREN)).toThrow();
    expect(() => xmlDocument('r', { 'bad name': 1 }, CHILDREN)).toThrow();
  });

  it('gives a well-formed document that reads back to the cleaned text, for any string', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.string({ unit: 'grapheme' })),
        fc.array(fc.string({ unit: 'binary', maxLength: 10 }), { maxLength: 4 }),
        (text, list) => {
          const doc = xmlDocument('r', { text, items: list }, CHILDREN);
          expect(XMLValidator.validate(doc)).toBe(true);
          const back = parser.parse(doc).r;
          // An empty element reads back as '' (fast-xml-parser), the same text the writer was given.
          expect(back.text ?? '').toBe(xmlSafe(text).replace(/\r\n?/g, '\n'));
          expect((back.items?.item ?? []).map((x: unknown) => x ?? '')).toEqual(
            list.map((x) => xmlSafe(x).replace(/\r\n?/g, '\n')),
          );
        },
      ),
      { numRuns: 300 },
    );
  });

  it('keeps lists as JSON arrays and leaves undefined members out', () => {
    expect(JSON.parse(jsonDocument([{ a: 1, b: undefined, c: null, items: [] }]))).toEqual([
      { a: 1, c: null, items: [] },
    ]);
  });
});
