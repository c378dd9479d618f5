/**
 * A fast reader for the first worksheet of an .xlsx upload: the zip's central directory is read
 * directly (zlib inflates the two or three entries needed) and the sheet XML is scanned for
 * <row>/<c> elements, instead of exceljs's SAX reader that builds Row/Cell/style objects for
 * every cell (measured ~4× slower on a 100,000-row persons sheet; the import is parse-bound).
 *
 * Cell values come out as the same JS values exceljs would give (string, number, boolean, Date
 * for date-formatted numbers, undefined for blanks), so spreadsheet.ts turns them into text with
 * the very same cellText(). Anything unusual (zip64, encryption, a missing part) throws
 * `XlsxFastUnsupported`, and the caller falls back to the exceljs reader.
 */
import { StringDecoder } from 'node:string_decoder';
import zlib from 'node:zlib';

export class XlsxFastUnsupported extends Error {}

export type FastCell = string | number | boolean | Date | undefined;

interface ZipEntry { method: number; compSize: number; size: number; localOffset: number }

function zipEntries(buf: Buffer): Map<string, ZipEntry> {
  // End of central directory: last 22+ bytes (a comment may follow it)
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 65_557); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) { eocd = i; break; }
  }
  if (eocd < 0) throw new XlsxFastUnsupported('no zip directory');
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  if (count === 0xffff || p === 0xffffffff) throw new XlsxFastUnsupported('zip64');
  const out = new Map<string, ZipEntry>();
  for (let n = 0; n < count; n++) {
    if (buf.readUInt32LE(p) !== 0x02014b50) throw new XlsxFastUnsupported('bad zip directory');
    const flags = buf.readUInt16LE(p + 8);
    if (flags & 1) throw new XlsxFastUnsupported('encrypted');
    const method = buf.readUInt16LE(p + 10);
    const compSize = buf.readUInt32LE(p + 20);
    const size = buf.readUInt32LE(p + 24);
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    const localOffset = buf.readUInt32LE(p + 42);
    const name = buf.toString('utf8', p + 46, p + 46 + nameLen);
    out.set(name.replace(/^\//, ''), { method, compSize, size, localOffset });
    p += 46 + nameLen + extraLen + commentLen;
  }
  return out;
}

/** An entry's compressed bytes (after its local header). */
function entryData(buf: Buffer, e: ZipEntry): Buffer {
  const lp = e.localOffset;
  if (buf.readUInt32LE(lp) !== 0x04034b50) throw new XlsxFastUnsupported('bad zip entry');
  const start = lp + 30 + buf.readUInt16LE(lp + 26) + buf.readUInt16LE(lp + 28);
  return buf.subarray(start, start + e.compSize);
}

/** An entry's whole text (the small parts: workbook, styles, shared strings). */
function entryText(buf: Buffer, entries: Map<string, ZipEntry>, name: string): string | null {
  return entryTextPrefix(buf, entries, name, Infinity)?.text ?? null;
}

/** An entry's text, only `prefixBytes` compressed bytes of it inflated; `truncated` says whether it stops short. */
function entryTextPrefix(buf: Buffer, entries: Map<string, ZipEntry>, name: string, prefixBytes: number): { text: string; truncated: boolean } | null {
  const e = entries.get(name);
  if (!e) return null;
  const truncated = prefixBytes < e.compSize;
  const data = entryData(buf, e).subarray(0, Math.min(e.compSize, prefixBytes));
  if (e.method === 0) return { text: data.toString('utf8'), truncated };
  if (e.method === 8) {
    // a cut-off deflate stream inflates as far as it goes with a sync flush (a multi-byte
    // character cut in two at the end decodes as U+FFFD: only the text's last row can hold it)
    const out = truncated ? zlib.inflateRawSync(data, { finishFlush: zlib.constants.Z_SYNC_FLUSH }) : zlib.inflateRawSync(data);
    return { text: out.toString('utf8'), truncated };
  }
  throw new XlsxFastUnsupported(`zip method ${e.method}`);
}

/** Text chunks inflated per call (~1 MB of sheet XML, a few hundred rows). */
const CHUNK_BYTES = 1 << 20;

/**
 * An entry's text in chunks, inflated on libuv's thread pool (off this thread) as it is read: a
 * large sheet is 100 MB of XML, which as one string cost ~1 s and ~300 MB before its first row.
 */
async function* entryChunks(buf: Buffer, entries: Map<string, ZipEntry>, name: string): AsyncGenerator<string> {
  const e = entries.get(name);
  if (!e) throw new XlsxFastUnsupported('sheet part missing');
  const data = entryData(buf, e);
  if (e.method === 0) {
    yield data.toString('utf8');
    return;
  }
  if (e.method !== 8) throw new XlsxFastUnsupported(`zip method ${e.method}`);
  const inflater = zlib.createInflateRaw({ chunkSize: CHUNK_BYTES });
  inflater.end(data);
  const decoder = new StringDecoder('utf8'); // a character split between two chunks stays whole
  for await (const chunk of inflater as AsyncIterable<Buffer>) yield decoder.write(chunk);
  const rest = decoder.end();
  if (rest) yield rest;
}

const ENTITY = /&(?:(lt|gt|amp|quot|apos)|#(\d+)|#x([0-9a-fA-F]+));/g;
const NAMED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
/** XML entities, then OOXML's _xHHHH_ escapes of control characters. */
function xmlText(s: string): string {
  if (s.includes('&')) {
    s = s.replace(ENTITY, (_, named: string | undefined, dec: string | undefined, hex: string | undefined) =>
      named ? NAMED[named]! : String.fromCodePoint(dec ? Number(dec) : parseInt(hex!, 16)));
  }
  if (s.includes('_x')) s = s.replace(/_x([0-9A-Fa-f]{4})_/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
  return s;
}

/** The text runs (<t>) of a shared string or inline string, phonetic runs (<rPh>) left out. */
const RUN_T = /<t(?:\s[^>]*)?>([\s\S]*?)<\/t>/g;
function runsText(xml: string): string {
  // the common case, one plain <t>…</t> (inline strings as written by most tools)
  const a = xml.indexOf('<t>');
  if (a >= 0 && xml.indexOf('<t', a + 3) < 0 && !xml.includes('<rPh')) {
    const end = xml.indexOf('</t>', a);
    if (end > 0) return xmlText(xml.slice(a + 3, end));
  }
  const body = xml.includes('<rPh') ? xml.replace(/<rPh[\s\S]*?<\/rPh>/g, '') : xml;
  let out = '';
  const re = RUN_T;
  re.lastIndex = 0;
  for (let m = re.exec(body); m; m = re.exec(body)) out += m[1];
  return xmlText(out);
}

/**
 * The shared strings, parsed only as far as the cells ask: writers list them in order of first
 * use, so reading the sheet parses them along the way (while the import writes the batches read
 * so far) instead of all ~100,000 of a large sheet before its first row — and reading only the
 * header parses a few dozen.
 */
class SharedStrings {
  private readonly parsed: string[] = [];
  private readonly si = /<si>([\s\S]*?)<\/si>|<si\/>/g;
  constructor(private readonly xml: string | null) {}

  get(index: number): string | undefined {
    while (this.xml && this.parsed.length <= index) {
      const m = this.si.exec(this.xml);
      if (!m) break;
      this.parsed.push(m[1] ? runsText(m[1]) : '');
    }
    return this.parsed[index];
  }
}

const BUILTIN_DATE_FORMATS = new Set([14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 30, 36, 45, 46, 47, 50, 57]);

/** Which cell style indexes (s="…") format numbers as dates. */
function dateStyles(xml: string | null): Set<number> {
  const out = new Set<number>();
  if (!xml) return out;
  const custom = new Map<number, string>();
  const nf = /<numFmt\s[^>]*?numFmtId="(\d+)"[^>]*?formatCode="([^"]*)"/g;
  for (let m = nf.exec(xml); m; m = nf.exec(xml)) custom.set(Number(m[1]), xmlText(m[2]!));
  const xfs = /<cellXfs[^>]*>([\s\S]*?)<\/cellXfs>/.exec(xml)?.[1] ?? '';
  const xf = /<xf\s[^>]*?>|<xf\s[^>]*?\/>/g;
  let i = 0;
  for (let m = xf.exec(xfs); m; m = xf.exec(xfs), i++) {
    const id = Number(/numFmtId="(\d+)"/.exec(m[0])?.[1] ?? 0);
    const code = custom.get(id);
    const isDate = code !== undefined
      // a date format has d/m/y/h/s outside quotes and brackets, and is not text ('@')
      ? /[dmyhs]/i.test(code.replace(/"[^"]*"|\[[^\]]*\]|\\./g, '')) && !code.includes('@')
      : BUILTIN_DATE_FORMATS.has(id);
    if (isDate) out.add(i);
  }
  return out;
}

/** Excel serial day → Date (UTC midnight based, like exceljs). */
function excelDate(serial: number, date1904: boolean): Date {
  return new Date(Math.round(((date1904 ? serial + 1462 : serial) - 25569) * 86_400_000));
}

/**
 * The part names of the visible worksheets, in the workbook's order, through workbook.xml and
 * its relationships (a template's hidden code-list sheet is not one of them).
 */
function visibleSheetPaths(buf: Buffer, entries: Map<string, ZipEntry>): string[] {
  const wb = entryText(buf, entries, 'xl/workbook.xml');
  const rels = entryText(buf, entries, 'xl/_rels/workbook.xml.rels');
  if (!wb || !rels) throw new XlsxFastUnsupported('no workbook');
  const paths: string[] = [];
  for (const sheet of wb.match(/<sheet\s[^>]*>/g) ?? []) {
    if (/\sstate="(hidden|veryHidden)"/.test(sheet)) continue;
    const rid = /\sr:id="([^"]+)"/.exec(sheet)?.[1];
    if (!rid) throw new XlsxFastUnsupported('no sheet id');
    const rel = new RegExp(`<Relationship\\s[^>]*?Id="${rid.replace(/[^\w-]/g, '')}"[^>]*>`).exec(rels)?.[0];
    const target = rel && /Target="([^"]+)"/.exec(rel)?.[1];
    if (!target) throw new XlsxFastUnsupported('no sheet target');
    paths.push(target.startsWith('/') ? target.slice(1) : `xl/${target}`);
  }
  if (!paths.length) throw new XlsxFastUnsupported('no sheet');
  return paths;
}

/** How many visible worksheets the workbook has. */
export function visibleSheetCount(buf: Buffer): number {
  return visibleSheetPaths(buf, zipEntries(buf)).length;
}

/** Whether the element name that ends at xml[i] really ends there ('<c' of '<c ' or '<c>', not of '<col'). */
function endsName(xml: string, i: number): boolean {
  const c = xml.charCodeAt(i);
  return c === 32 || c === 62 || c === 47 || c === 9 || c === 10 || c === 13; // space > / tab LF CR
}

/**
 * Where the value of an attribute (needle ' r="') starts within the start tag xml[from, to), or
 * -1. Steps from space to space: an indexOf of the needle itself would run on past the tag to
 * the end of the chunk whenever the attribute is absent (t="…" on number cells).
 */
function attrAt(xml: string, from: number, to: number, needle: string): number {
  for (let i = xml.indexOf(' ', from); i >= 0 && i < to; i = xml.indexOf(' ', i + 1)) {
    if (xml.startsWith(needle, i)) return i + needle.length;
  }
  return -1;
}

/** The 1-based column of a cell reference ("AB12") starting at xml[i]. */
function columnAt(xml: string, i: number): number {
  let n = 0;
  for (let c = xml.charCodeAt(i); c >= 65 && c <= 90; c = xml.charCodeAt(++i)) n = n * 26 + (c - 64);
  return n;
}

/** The decimal number starting at xml[i] (a style index). */
function intAt(xml: string, i: number): number {
  let n = 0;
  for (let c = xml.charCodeAt(i); c >= 48 && c <= 57; c = xml.charCodeAt(++i)) n = n * 10 + (c - 48);
  return n;
}

type CellType = 's' | 'str' | 'inlineStr' | 'b' | 'e' | 'd' | 'n';
const CELL_TYPES: CellType[] = ['s', 'str', 'inlineStr', 'b', 'e', 'd'];
/** A cell's t="…" whose value starts at xml[i] (-1: none, a number), compared in place. */
function cellType(xml: string, i: number): CellType {
  if (i < 0) return 'n';
  for (const t of CELL_TYPES) if (xml.startsWith(t, i) && xml.charCodeAt(i + t.length) === 34) return t;
  return 'n';
}

export interface ScanOptions {
  /** called once, before the first row, with the number of <row> elements (header and blank rows included) */
  onStart?: (rowElements: number) => void;
  /** awaited every `every` rows (default: a setImmediate turn every 2,000 rows) */
  pause?: () => Promise<void>;
  every?: number;
  /**
   * The caller wants the header row only: just the start of the sheet is inflated (a large
   * sheet is 100 MB of XML). Rows past that start are not delivered; a start without one whole
   * row is read again in full.
   */
  headOnly?: boolean;
  /** which visible worksheet, in the workbook's order (default 0, the first) */
  sheet?: number;
}

/** Compressed bytes inflated for `headOnly`: ~2 MB of sheet XML, thousands of rows. */
const HEAD_BYTES = 256 * 1024;

export const nextTurn = () => new Promise<void>((res) => setImmediate(res));

/**
 * Rows parsed (or checked, import-service.ts) between two turns of the event loop. A batch's rows
 * are handed over only every `every` rows, but the import writes the previous batch meanwhile,
 * statement after statement, and each next statement waits for this loop: parsed in one piece, a
 * batch of 2,000 rows kept PostgreSQL waiting ~50 ms per statement.
 */
export const ROWS_PER_TURN = 50;

/** <row> elements in the sheet XML: a cheap count for progress reporting before the scan. */
function countRowElements(xml: string): number {
  let n = 0;
  for (let i = xml.indexOf('<row'); i >= 0; i = xml.indexOf('<row', i + 4)) if (endsName(xml, i + 4)) n++; // '<row ' '<row>' '<row/>'
  return n;
}

/**
 * Rows of a visible worksheet (`opts.sheet`, the first by default) as [rowNumber, values (index 0 = column A)]. `onRow` returning
 * false stops the scan. Awaits `pause` every `every` rows (by default a setImmediate turn every
 * 2,000 rows) so other requests are served meanwhile, and so that a caller can consume the rows
 * in batches while they are being read (the import writes batch k while batch k+1 is read).
 */
export async function scanSheet(buf: Buffer, onRow: (rowNumber: number, values: FastCell[]) => boolean, opts: ScanOptions = {}): Promise<void> {
  const entries = zipEntries(buf);
  const sheetPath = visibleSheetPaths(buf, entries)[opts.sheet ?? 0];
  if (!sheetPath) throw new XlsxFastUnsupported('no such sheet');
  const sheetEntry = entries.get(sheetPath);
  if (!sheetEntry) throw new XlsxFastUnsupported('sheet part missing');
  const wbXml = entryText(buf, entries, 'xl/workbook.xml') ?? '';
  const date1904 = /<workbookPr\s[^>]*date1904="(1|true)"/.test(wbXml);
  const shared = new SharedStrings(entryText(buf, entries, 'xl/sharedStrings.xml'));
  const dates = dateStyles(entryText(buf, entries, 'xl/styles.xml'));
  const every = opts.every ?? 2000;
  const pause = opts.pause ?? nextTurn;

  let lastRow = 0;
  let n = 0;
  let width = 0;
  /**
   * Delivers the whole rows of `xml`; returns where the last one ended, or -1 when onRow stopped
   * the scan. Rows and cells are found with indexOf on the text as it is: regular expressions
   * over it allocated about 1 GB per 100,000 rows (match arrays and captures for every row and
   * cell), a third of all the import's reading and checking allocated.
   */
  const rowsOf = async (xml: string, from = 0): Promise<number> => {
    let end = from;
    for (let p = xml.indexOf('<row', from); p >= 0; p = xml.indexOf('<row', p)) {
      if (!endsName(xml, p + 4)) { p += 4; continue; }
      const tagEnd = xml.indexOf('>', p);
      if (tagEnd < 0) break; // cut by the chunk's end
      const selfClosing = xml.charCodeAt(tagEnd - 1) === 47; // <row …/>: a row without cells
      const close = selfClosing ? tagEnd : xml.indexOf('</row>', tagEnd);
      if (close < 0) break;
      const r = attrAt(xml, p + 4, tagEnd, ' r="');
      const rowNumber = r >= 0 ? intAt(xml, r) : lastRow + 1;
      lastRow = rowNumber;
      p = end = selfClosing ? tagEnd + 1 : close + 6;
      if (!onRow(rowNumber, cellsOf(xml, tagEnd + 1, close))) return -1;
      if (++n % every === 0) await pause();
      else if (n % ROWS_PER_TURN === 0) await nextTurn();
    }
    return end;
  };
  /**
   * The cells (<c>) of the row body xml[from, to). A cell's attributes are read where they are
   * (its column from r="…", its type from t="…"), not sliced out first: per cell that was four
   * short strings, a third of everything the reader allocated.
   */
  const cellsOf = (xml: string, from: number, to: number): FastCell[] => {
    const values: FastCell[] = new Array(width); // as wide as the widest row so far: no growing
    let col = 0;
    for (let p = xml.indexOf('<c', from); p >= 0 && p < to; p = xml.indexOf('<c', p)) {
      if (!endsName(xml, p + 2)) { p += 2; continue; }
      const start = p + 2;
      const tagEnd = xml.indexOf('>', p);
      const ref = attrAt(xml, start, tagEnd, ' r="');
      col = ref >= 0 ? columnAt(xml, ref) : col + 1;
      if (xml.charCodeAt(tagEnd - 1) === 47) { p = tagEnd + 1; continue; } // <c …/>: empty
      const close = xml.indexOf('</c>', tagEnd);
      p = close + 4;
      if (close === tagEnd + 1) continue; // <c …></c>: empty
      const type = cellType(xml, attrAt(xml, start, tagEnd, ' t="'));
      let v: FastCell;
      if (type === 'inlineStr') {
        v = runsText(xml.slice(tagEnd + 1, close));
      } else {
        const vAt = xml.indexOf('<v>', tagEnd);
        if (vAt < 0 || vAt > close) continue;
        const raw = xml.slice(vAt + 3, xml.indexOf('</v>', vAt));
        if (type === 's') v = shared.get(Number(raw)) ?? '';
        else if (type === 'str') v = xmlText(raw);
        else if (type === 'b') v = raw === '1';
        else if (type === 'e') v = undefined;
        else if (type === 'd') v = new Date(raw);
        else {
          const num = Number(raw);
          const style = attrAt(xml, start, tagEnd, ' s="');
          v = style >= 0 && dates.has(intAt(xml, style)) ? excelDate(num, date1904) : num;
        }
      }
      values[col - 1] = v;
    }
    if (values.length > width) width = values.length;
    return values;
  };

  if (opts.headOnly) {
    // the start of the sheet, read again in full when it does not hold one whole row
    let sheet = entryTextPrefix(buf, entries, sheetPath, HEAD_BYTES)!;
    if (sheet.truncated && !/<\/row>|<row\b[^>]*\/>/.test(sheet.text)) sheet = entryTextPrefix(buf, entries, sheetPath, Infinity)!;
    await rowsOf(sheet.text);
    return;
  }
  // The sheet as it is inflated: whole rows are delivered; the row cut by a chunk's end is joined
  // to the start of the next chunk up to its first </row>, and the rest of that chunk is scanned
  // where it is (appending each chunk to the previous one's tail copied ~2 MB of text per chunk).
  let pending = '';
  let started = false;
  for await (const chunk of entryChunks(buf, entries, sheetPath)) {
    if (!started) {
      started = true;
      opts.onStart?.(rowEstimate(chunk, sheetEntry.size));
    }
    let from = 0;
    if (pending) {
      const cut = chunk.indexOf('</row>');
      if (cut < 0) { pending += chunk; continue; } // a row longer than a chunk: gather on
      from = cut + 6;
      const joined = pending + chunk.slice(0, from);
      const end = await rowsOf(joined);
      if (end < 0) return;
      if (end < joined.length) { // what the cut row left unread (nothing, in a well-formed sheet): read on from there
        pending = joined.slice(end) + chunk.slice(from);
        from = -1;
      }
    }
    if (from < 0) {
      const end = await rowsOf(pending);
      if (end < 0) return;
      pending = pending.slice(end);
      continue;
    }
    const end = await rowsOf(chunk, from);
    if (end < 0) return;
    pending = chunk.slice(end);
  }
}

/**
 * How many <row> elements the sheet holds (header and blank rows included), for progress: the
 * sheet's own <dimension ref="A1:K100001">, or else the rows of its first chunk scaled to its size.
 */
function rowEstimate(firstChunk: string, sheetBytes: number): number {
  const dim = /<dimension\s+ref="[A-Z]+\d+:[A-Z]+(\d+)"/.exec(firstChunk);
  if (dim) return Number(dim[1]);
  const rows = countRowElements(firstChunk);
  const bytes = Buffer.byteLength(firstChunk);
  return bytes >= sheetBytes ? rows : Math.round(rows * (sheetBytes / bytes));
}
