/**
 * Reading and writing the sheets: .xlsx through exceljs (streamed both ways, so a 100,000-row
 * file neither blocks the event loop for long nor sits in memory twice) and CSV.
 */
import { PassThrough, Readable, type Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import './exceljs-utf8.js';
import { CSV_BOM, csvLine, decodeText, parseCsv, toCsv } from './csv.js';
import { SHEETS, type SheetColumn } from './templates.js';
import { scanSheet, visibleSheetCount, XlsxFastUnsupported } from './xlsx-rows.js';
import { halfWidthAlnum } from '../../../platform/validation/half-width.js';
import type { ImportKind } from './tables.js';

export type SheetFormat = 'xlsx' | 'csv';

/** One data row of an upload: its row number in the sheet (header = row 1) and cells by column key. */
export interface SheetRow {
  row: number;
  cells: Record<string, string>;
}

export interface ParsedSheet {
  /** column keys found, in sheet order (unknown headers are ignored) */
  columns: string[];
  unknownHeaders: string[];
  missingRequired: SheetColumn[];
  rows: SheetRow[];
}

/** xlsx files are zip archives: 'PK'. */
export function detectFormat(buf: Buffer, hint?: string | null): SheetFormat {
  if (buf.length >= 2 && buf[0] === 0x50 && buf[1] === 0x4b) return 'xlsx';
  if (hint === 'xlsx' || hint === 'csv') return hint;
  return 'csv';
}

const pad = (n: number) => String(n).padStart(2, '0');

/** A cell value as text: dates as YYYY-MM-DD, rich text flattened, formulas by their result. */
function cellText(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return `${v.getUTCFullYear()}-${pad(v.getUTCMonth() + 1)}-${pad(v.getUTCDate())}`;
  if (typeof v === 'number') {
    // an 18-digit ID number stored as a number has lost its last digits; keep it visibly broken
    return Number.isInteger(v) && Math.abs(v) < Number.MAX_SAFE_INTEGER ? String(v) : v.toExponential();
  }
  if (typeof v === 'object') {
    if ('richText' in v) return v.richText.map((r) => r.text).join('');
    if ('result' in v) return cellText(v.result as ExcelJS.CellValue);
    if ('text' in v) return String(v.text);
    if ('error' in v) return '';
  }
  return String(v);
}

/** Rows above the header that name no column of the sheet (titles, notes) and are passed over. */
const MAX_TITLE_ROWS = 5;

/** The columns of a kind by every header that names them (template header, marked required, key, aliases). */
const HEADER_INDEX = new Map<ImportKind, Map<string, SheetColumn>>();
function headerIndex(kind: ImportKind): Map<string, SheetColumn> {
  let byHeader = HEADER_INDEX.get(kind);
  if (byHeader) return byHeader;
  byHeader = new Map();
  for (const c of SHEETS[kind].columns) {
    for (const name of [c.header, ...(c.aliases ?? [])]) {
      for (const h of [name, `${name}*`, `*${name}`]) if (!byHeader.has(h)) byHeader.set(h, c);
    }
    byHeader.set(c.key, c);
  }
  HEADER_INDEX.set(kind, byHeader);
  return byHeader;
}

function mapHeaders(kind: ImportKind, headers: string[]) {
  const byHeader = headerIndex(kind);
  const keys: Array<string | null> = [];
  const unknownHeaders: string[] = [];
  const used = new Set<string>();
  for (const h of headers) {
    // a column named twice (公民身份号码 and 身份证号) is read from its first occurrence
    const c = byHeader.get(h.trim());
    const key = c && !used.has(c.key) ? c.key : null;
    keys.push(key);
    if (key) used.add(key);
    else if (h.trim()) unknownHeaders.push(h.trim());
  }
  const missingRequired = SHEETS[kind].columns.filter((c) => c.required && !keys.includes(c.key));
  return { keys, unknownHeaders, missingRequired };
}

type HeaderMap = ReturnType<typeof mapHeaders>;

/**
 * Finds a sheet's header among its first rows, offered one by one: the first non-blank row that
 * names a column, after at most MAX_TITLE_ROWS that name none — a ledger often opens with a title
 * (西河社区实有人口登记表) or a note above its header row.
 */
function headerFinder(kind: ImportKind) {
  let titleRows = 0;
  /** undefined while the row is blank or a title; then the header's mapping */
  return (values: string[]): HeaderMap | undefined => {
    if (values.every((v) => !v.trim())) return undefined;
    const m = mapHeaders(kind, values);
    if (m.keys.every((k) => k === null) && titleRows < MAX_TITLE_ROWS) { titleRows++; return undefined; }
    return m;
  };
}

const cellTexts = (values: unknown[]): string[] => {
  const texts: string[] = new Array(values.length);
  for (let i = 0; i < values.length; i++) texts[i] = cellText(values[i] as ExcelJS.CellValue);
  return texts;
};

/**
 * The visible sheet that holds the data: the first whose header names every required column
 * (a workbook may open with a 填表说明 sheet), else the first — whose header then reports what
 * is missing. Only the start of each sheet is read.
 */
async function dataSheet(kind: ImportKind, buf: Buffer): Promise<number> {
  const sheets = visibleSheetCount(buf);
  if (sheets < 2) return 0;
  for (let i = 0; i < sheets; i++) {
    const offer = headerFinder(kind);
    let header: HeaderMap | undefined;
    await scanSheet(buf, (_n, values) => !(header = offer(cellTexts(values))), { headOnly: true, sheet: i });
    if (header && !header.missingRequired.length) return i;
  }
  return 0;
}

/**
 * Reading in batches (the import job): every `batchSize` data rows are handed to `onBatch`
 * and awaited before reading on, so the rows are checked and written while the rest of the
 * file is still being read, and the whole sheet never sits in memory as row objects.
 */
export interface SheetStream {
  batchSize: number;
  onBatch: (rows: SheetRow[]) => Promise<void>;
  /** an early estimate of the data rows (for progress), before the first batch */
  onEstimate?: (rows: number) => void;
}

/**
 * Parses an upload. `limit` stops after that many data rows (the preview). The xlsx reader is
 * streamed and awaits between rows, so other requests keep being served meanwhile. With
 * `stream`, rows go to `stream.onBatch` batch by batch and `rows` comes back empty; `rowCount`
 * is the number of data rows either way.
 */
export async function readSheet(kind: ImportKind, buf: Buffer, format: SheetFormat, limit = Infinity, stream?: SheetStream): Promise<ParsedSheet & { truncated: boolean; rowCount: number }> {
  let headerKeys: Array<string | null> | null = null;
  let findHeader = headerFinder(kind);
  let meta: Omit<ParsedSheet, 'rows'> = { columns: [], unknownHeaders: [], missingRequired: [] };
  let rows: SheetRow[] = [];
  let rowCount = 0;
  let handedOver = false;
  let truncated = false;
  const flush = async () => {
    if (!stream || !rows.length) return;
    const batch = rows;
    rows = [];
    handedOver = true;
    await stream.onBatch(batch);
  };
  const take = (rowNumber: number, values: string[]) => {
    if (!headerKeys) {
      const m = findHeader(values);
      if (!m) return true;
      headerKeys = m.keys;
      meta = { columns: m.keys.filter((k): k is string => !!k), unknownHeaders: m.unknownHeaders, missingRequired: m.missingRequired };
      return true;
    }
    const cells: Record<string, string> = {};
    let blank = true;
    for (let i = 0; i < headerKeys.length; i++) {
      const k = headerKeys[i];
      if (!k) continue;
      // trim() also drops the ideographic space (U+3000) ledgers are padded with
      const v = halfWidthAlnum((values[i] ?? '').trim());
      cells[k] = v;
      if (v) blank = false;
    }
    // blank lines are not rows (cells under unknown headers do not count either)
    if (blank && values.every((v) => !v || !v.trim())) return true;
    if (rowCount >= limit) { truncated = true; return false; }
    rows.push({ row: rowNumber, cells });
    rowCount++;
    return true;
  };

  if (format === 'csv') {
    const all = parseCsv(decodeText(buf));
    stream?.onEstimate?.(Math.max(0, all.length - 1));
    for (let i = 0; i < all.length; i++) {
      if (!take(i + 1, all[i]!)) break;
      if (rows.length >= (stream?.batchSize ?? Infinity)) await flush();
    }
  } else {
    let fastDone = false;
    try {
      const sheet = await dataSheet(kind, buf);
      await scanSheet(buf, (rowNumber, values) => take(rowNumber, cellTexts(values)),
        stream ? { sheet, every: stream.batchSize, pause: flush, onStart: (n) => stream.onEstimate?.(Math.max(0, n - 1)) }
          // the header alone (checked at upload): the start of the sheet is enough
          : limit === 0 ? { sheet, headOnly: true } : { sheet });
      fastDone = true;
    } catch (e) {
      // an .xlsx the fast reader does not handle: read it again with exceljs from the start
      // (the fast reader refuses before its first row, so nothing has been handed over yet)
      if (!(e instanceof XlsxFastUnsupported) || handedOver) throw e;
      headerKeys = null;
      findHeader = headerFinder(kind);
      rows = [];
      rowCount = 0;
      truncated = false;
    }
    if (!fastDone) await readWithExceljs();
  }
  await flush();
  return { ...meta, rows, truncated, rowCount };

  async function readWithExceljs() {
    const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from(buf), {
      sharedStrings: 'cache', hyperlinks: 'ignore', styles: 'cache', worksheets: 'emit', entries: 'emit',
    } as ExcelJS.stream.xlsx.WorkbookStreamReaderOptions);
    outer: for await (const ws of reader) {
      for await (const row of ws as AsyncIterable<ExcelJS.Row>) {
        const raw = row.values as ExcelJS.CellValue[]; // 1-based
        const values: string[] = [];
        for (let c = 1; c < raw.length; c++) values.push(cellText(raw[c]));
        if (!take(row.number, values)) break outer;
        if (rows.length >= (stream?.batchSize ?? Infinity)) await flush();
      }
      break; // the first sheet holds the data (this fallback does not look further)
    }
  }
}

// ---------------------------------------------------------------------------------------------

/** The template of a kind: header row, one example row, drop-down lists from a hidden code sheet. */
export async function templateXlsx(kind: ImportKind): Promise<Buffer> {
  const def = SHEETS[kind];
  const wb = new ExcelJS.Workbook();
  wb.creator = '融治 Rongzhi';
  const ws = wb.addWorksheet(def.title);
  const lists = wb.addWorksheet('代码表', { state: 'hidden' });
  ws.columns = def.columns.map((c) => ({ header: c.required ? `${c.header}*` : c.header, key: c.key, width: c.width ?? 12, style: { numFmt: '@' } }));
  ws.getRow(1).font = { bold: true };
  ws.addRow(def.columns.map((c) => c.example));
  ws.views = [{ state: 'frozen', ySplit: 1 }];
  let listCol = 0;
  def.columns.forEach((c, i) => {
    const cell = ws.getRow(1).getCell(i + 1);
    cell.note = `${c.en}${c.required ? ' (required / 必填)' : ''}`;
    if (!c.list) return;
    listCol++;
    const letter = columnLetter(listCol);
    c.list.forEach((item, j) => { lists.getCell(`${letter}${j + 1}`).value = item.zh; });
    const target = columnLetter(i + 1);
    (ws as unknown as { dataValidations: { add(range: string, v: ExcelJS.DataValidation): void } }).dataValidations.add(`${target}2:${target}100000`, {
      type: 'list', allowBlank: true, formulae: [`'代码表'!$${letter}$1:$${letter}$${c.list.length}`],
      showErrorMessage: true, errorTitle: '无效的值', error: `请从下拉列表中选择${c.header}`,
    });
  });
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export function templateCsv(kind: ImportKind): string {
  const def = SHEETS[kind];
  return toCsv([def.columns.map((c) => (c.required ? `${c.header}*` : c.header)), def.columns.map((c) => c.example)]);
}

export function columnLetter(n: number): string {
  let s = '';
  for (let x = n; x > 0; x = Math.floor((x - 1) / 26)) s = String.fromCharCode(65 + ((x - 1) % 26)) + s;
  return s;
}

/** Rows written one by one into a sheet that streams into `out` (an export's response). */
export interface TableWriter {
  add(row: unknown[]): void;
  /** ends the sheet and `out` */
  end(): Promise<void>;
}

const asText = (v: unknown) => (v === null || v === undefined ? '' : String(v));

/**
 * A plain table as .xlsx (inline strings, no styles beyond a bold header), written into `out`
 * as rows come: exports and generated test files of 100,000+ rows are never held whole.
 * All cells are written as text.
 */
export function xlsxTableWriter(sheetName: string, headers: string[], out: Writable): TableWriter {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useSharedStrings: false, useStyles: true });
  const ws = wb.addWorksheet(sheetName);
  ws.columns = headers.map((h) => ({ header: h, width: Math.max(10, Math.min(40, h.length * 2 + 4)) }));
  ws.getRow(1).font = { bold: true };
  ws.getRow(1).commit();
  return {
    add: (row) => ws.addRow(row.map(asText)).commit(),
    end: async () => {
      ws.commit();
      await wb.commit();
    },
  };
}

/** The same as CSV (UTF-8 with a byte-order mark, as Excel opens Chinese CSV correctly). */
export function csvTableWriter(headers: string[], out: Writable): TableWriter {
  out.write(CSV_BOM + csvLine(headers));
  return {
    add: (row) => { out.write(csvLine(row)); },
    end: () => new Promise<void>((resolve) => { out.end(resolve); }),
  };
}

/** A whole table as .xlsx in memory (import reports, templates, test files). */
export async function tableXlsx(sheetName: string, headers: string[], rows: Iterable<unknown[]>): Promise<Buffer> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((resolve, reject) => { out.on('end', resolve); out.on('error', reject); });
  const sheet = xlsxTableWriter(sheetName, headers, out);
  let n = 0;
  for (const r of rows) {
    sheet.add(r);
    // let the event loop breathe on big files
    if (++n % 2000 === 0) await new Promise((res) => setImmediate(res));
  }
  await sheet.end();
  await done;
  return Buffer.concat(chunks);
}

export function tableCsv(headers: string[], rows: Iterable<unknown[]>): string {
  return toCsv([headers, ...rows]);
}
