// A small XML writer for Open311 documents. GeoReport v2 XML is schemaless and without a namespace; its JSON is
// the "Spark convention" mapping of the same tree: a container element whose children all repeat (services →
// service, values → value) is a JSON array, everything else an object of child elements. So one JS value,
// rendered with the names of the repeating children, gives both formats.
//
// Text is escaped (& < > and, in case a value ever ends up in an attribute, " '), and characters XML 1.0 cannot
// carry at all (control characters, lone surrogates, U+FFFE/U+FFFF) are dropped: a description typed with a stray
// control character must still give a well-formed document.

export type XmlValue = string | number | boolean | null | undefined | XmlValue[] | { [name: string]: XmlValue };

// XML 1.0 Char production, minus what we cannot emit; lone surrogates are removed separately.
const NOT_XML_CHAR = /[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\ud800-\udbff\udc00-\udfff]/g;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
const NAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

export function xmlSafe(s: string): string {
  return s.replace(LONE_SURROGATE, '').replace(NOT_XML_CHAR, '');
}

export function escapeXml(s: string): string {
  return xmlSafe(s).replace(/[&<>"']/g, (c) => {
    switch (c) {
      case '&':
        return '&amp;';
      case '<':
        return '&lt;';
      case '>':
        return '&gt;';
      case '"':
        return '&quot;';
      default:
        return '&apos;';
    }
  });
}

function text(v: string | number | boolean): string {
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : '';
  return escapeXml(String(v));
}

/**
 * Renders `value` as the element `name`. Arrays become a container whose children are named by
 * `childNames[name]`; null renders as an empty element, undefined is left out.
 */
function element(name: string, value: XmlValue, childNames: Readonly<Record<string, string>>, out: string[]) {
  if (value === undefined) return;
  if (!NAME.test(name)) throw new Error(`not an XML element name: ${name}`);
  if (value === null) {
    out.push(`<${name}/>`);
    return;
  }
  if (Array.isArray(value)) {
    const child = childNames[name];
    if (!child) throw new Error(`no child element name for the list <${name}>`);
    out.push(`<${name}>`);
    for (const item of value) element(child, item, childNames, out);
    out.push(`</${name}>`);
    return;
  }
  if (typeof value === 'object') {
    out.push(`<${name}>`);
    for (const [k, v] of Object.entries(value)) element(k, v, childNames, out);
    out.push(`</${name}>`);
    return;
  }
  out.push(`<${name}>${text(value)}</${name}>`);
}

/** A whole document: the UTF-8 declaration the spec requires, then the root element. */
export function xmlDocument(root: string, value: XmlValue, childNames: Readonly<Record<string, string>>): string {
  const out: string[] = ['<?xml version="1.0" encoding="utf-8"?>\n'];
  element(root, value, childNames, out);
  out.push('\n');
  return out.join('');
}

/** JSON of the same tree: undefined members are left out (JSON.stringify does that), strings cleaned the same way. */
export function jsonDocument(value: XmlValue): string {
  return JSON.stringify(value, (_k, v) => (typeof v === 'string' ? xmlSafe(v) : v));
}
