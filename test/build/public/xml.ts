/**
 * A strict, small XML 1.0 well-formedness parser for the suites (no XML parser is a dependency):
 * one root element, matched tags, quoted and unique attributes, only the five predefined entities
 * and character references, no `<` or bare `&` in text, nothing but whitespace/comments after
 * the root. Throws with the offset on the first error. Enough to hold our Atom output to XML.
 */
export interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  text: string;
}

const NAME = /^[A-Za-z_][\w.:-]*/;
const ENTITY = /^&(?:amp|lt|gt|quot|apos|#[0-9]+|#x[0-9a-fA-F]+);/;
const DECODE: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decode(raw: string, at: number): string {
  for (let i = raw.indexOf('&'); i !== -1; i = raw.indexOf('&', i + 1)) {
    if (!ENTITY.test(raw.slice(i))) throw new Error(`XML: bad entity reference at ${at + i}`);
  }
  if (raw.includes('<')) throw new Error(`XML: "<" in text or attribute at ${at}`);
  return raw.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|\w+);/g, (_, e: string) =>
    e.startsWith('#x') ? String.fromCodePoint(parseInt(e.slice(2), 16)) : e.startsWith('#') ? String.fromCodePoint(Number(e.slice(1))) : (DECODE[e] ?? ''),
  );
}

export function parseXml(xml: string): XmlElement {
  let i = 0;
  const skipMisc = (): void => {
    for (;;) {
      const ws = /^\s*/.exec(xml.slice(i))![0].length;
      i += ws;
      if (xml.startsWith('<!--', i)) {
        const end = xml.indexOf('-->', i);
        if (end === -1) throw new Error(`XML: unclosed comment at ${i}`);
        i = end + 3;
      } else return;
    }
  };
  if (xml.startsWith('<?xml', 0)) {
    const end = xml.indexOf('?>');
    if (end === -1) throw new Error('XML: unclosed declaration');
    i = end + 2;
  }
  skipMisc();
  const parseElement = (): XmlElement => {
    if (xml[i] !== '<') throw new Error(`XML: expected "<" at ${i}`);
    i++;
    const name = NAME.exec(xml.slice(i))?.[0];
    if (name === undefined) throw new Error(`XML: expected an element name at ${i}`);
    i += name.length;
    const element: XmlElement = { name, attributes: {}, children: [], text: '' };
    for (;;) {
      const ws = /^\s*/.exec(xml.slice(i))![0].length;
      i += ws;
      if (xml.startsWith('/>', i)) return (i += 2), element;
      if (xml[i] === '>') break;
      if (ws === 0) throw new Error(`XML: expected whitespace before an attribute at ${i}`);
      const attr = /^([A-Za-z_][\w.:-]*)\s*=\s*("([^"]*)"|'([^']*)')/.exec(xml.slice(i));
      if (attr === null) throw new Error(`XML: malformed attribute at ${i}`);
      if (attr[1]! in element.attributes) throw new Error(`XML: duplicate attribute ${attr[1]} at ${i}`);
      element.attributes[attr[1]!] = decode(attr[3] ?? attr[4] ?? '', i);
      i += attr[0].length;
    }
    i++;
    for (;;) {
      const next = xml.indexOf('<', i);
      if (next === -1) throw new Error(`XML: <${name}> is never closed`);
      element.text += decode(xml.slice(i, next), i);
      i = next;
      if (xml.startsWith('</', i)) {
        const close = new RegExp(`^</${name.replace(/[.]/g, '\\.')}\\s*>`).exec(xml.slice(i));
        if (close === null) throw new Error(`XML: expected </${name}> at ${i}`);
        i += close[0].length;
        return element;
      }
      if (xml.startsWith('<!--', i)) skipMisc();
      else element.children.push(parseElement());
    }
  };
  const root = parseElement();
  skipMisc();
  if (i !== xml.length) throw new Error(`XML: content after the root element at ${i}`);
  return root;
}
