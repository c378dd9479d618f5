/**
 * CSV as communities exchange it: UTF-8 (a BOM is written so Excel opens Chinese correctly,
 * and skipped on read; GB18030 files are decoded when the bytes are not valid UTF-8),
 * RFC 4180 quoting, CRLF or LF line ends.
 */

export function decodeText(buf: Buffer): string {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(buf);
  } catch {
    // Excel on Chinese Windows saves CSV in GB18030/GBK
    text = new TextDecoder('gb18030').decode(buf);
  }
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** Parses CSV into rows of cells. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') { cell += '"'; i++; }
        else quoted = false;
      } else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { row.push(cell); cell = ''; }
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(cell); rows.push(row); row = []; cell = '';
    } else cell += c;
  }
  if (cell !== '' || row.length) { row.push(cell); rows.push(row); }
  return rows;
}

const needsQuote = /[",\r\n]/;
/** A cell that a spreadsheet would run as a formula is prefixed with ' (CSV injection). */
const formulaLike = /^[=+\-@\t\r]/;

export function csvCell(v: unknown): string {
  if (v === null || v === undefined) return '';
  let s = String(v);
  if (formulaLike.test(s) && !/^-?\d/.test(s)) s = `'${s}`;
  return needsQuote.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** The byte-order mark that makes Excel read a CSV file as UTF-8. */
export const CSV_BOM = '\ufeff';

/** One CSV line, ended by CRLF. */
export function csvLine(row: unknown[]): string {
  return row.map(csvCell).join(',') + '\r\n';
}

export function toCsv(rows: unknown[][]): string {
  return CSV_BOM + rows.map(csvLine).join('');
}
