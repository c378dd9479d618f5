import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { readSheet, tableXlsx } from './spreadsheet.js';
import { scanSheet, XlsxFastUnsupported } from './xlsx-rows.js';

/** What exceljs's own streaming reader gives for the first sheet (the reference). */
async function exceljsRows(buf: Buffer) {
  const out: Array<[number, unknown[]]> = [];
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from(buf), { sharedStrings: 'cache', styles: 'cache', worksheets: 'emit' } as ExcelJS.stream.xlsx.WorkbookStreamReaderOptions);
  for await (const ws of reader) {
    for await (const row of ws as AsyncIterable<ExcelJS.Row>) out.push([row.number, (row.values as unknown[]).slice(1)]);
    break;
  }
  return out;
}

describe('fast .xlsx reader', () => {
  it('reads what exceljs reads: shared strings, rich text, numbers, dates, formulas, gaps, entities', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('人口');
    wb.addWorksheet('other').addRow(['not this sheet']);
    ws.addRow(['姓名', '公民身份号码', '出生日期', '数', '备注']);
    ws.addRow(['张三', '11010519491231002X', new Date(Date.UTC(1949, 11, 31)), 42, 'a < b & "c"']);
    ws.addRow([{ richText: [{ text: '李' }, { text: '四', font: { bold: true } }] }, '110105194912310037', null, 1.5, { formula: '1+1', result: 2 } as ExcelJS.CellFormulaValue]);
    ws.getRow(5).values = ['王五', undefined, undefined, undefined, '第5行，中间空一行'];
    ws.getCell('C5').value = new Date(Date.UTC(2020, 1, 29));
    ws.getCell('C5').numFmt = 'yyyy"年"m"月"d"日"';
    const buf = Buffer.from(await wb.xlsx.writeBuffer());

    const fast: Array<[number, unknown[]]> = [];
    await scanSheet(buf, (n, v) => { fast.push([n, v]); return true; });
    const ref = await exceljsRows(buf);
    const norm = (rows: Array<[number, unknown[]]>) => rows.map(([n, v]) => [n, Array.from(v, (x) => {
      if (x && typeof x === 'object' && 'richText' in x) return (x as ExcelJS.CellRichTextValue).richText.map((r) => r.text).join('');
      if (x && typeof x === 'object' && 'result' in x) return (x as ExcelJS.CellFormulaValue).result;
      return x instanceof Date ? x.toISOString() : x ?? undefined;
    })]);
    expect(norm(fast)).toEqual(norm(ref));
  });

  it('gives readSheet the same rows through both readers, and refuses what is not a zip', async () => {
    const buf = await tableXlsx('实有人口', ['姓名', '公民身份号码'], [['张三', '11010519491231002X'], ['', ''], ['李四', '110105194912310037']]);
    const sheet = await readSheet('persons', buf, 'xlsx');
    expect(sheet.rows).toEqual([
      { row: 2, cells: { name: '张三', idNumber: '11010519491231002X' } },
      { row: 4, cells: { name: '李四', idNumber: '110105194912310037' } },
    ]);
    await expect(scanSheet(Buffer.from('not a zip at all, just text that is long enough'), () => true)).rejects.toBeInstanceOf(XlsxFastUnsupported);
  });

  it('reads a large sheet in chunks, checks its header from its start, and reads it in full when the start holds no whole row', async () => {
    const random = (n: number) => Array.from({ length: n }, () => Math.floor(Math.random() * 36).toString(36)).join('');
    // ~40,000 rows of random text: far more compressed bytes than the start that is inflated
    const rows = Array.from({ length: 40_000 }, (_, i) => [`居民${i}`, random(18), random(24)]);
    const big = await tableXlsx('实有人口', ['姓名', '公民身份号码', '备注'], rows);
    expect(big.length).toBeGreaterThan(1_000_000);
    const head = await readSheet('persons', big, 'xlsx', 0);
    const full = await readSheet('persons', big, 'xlsx');
    expect(full.rowCount).toBe(40_000);
    // read as it is inflated, ~1 MB at a time: no row lost or cut where the chunks meet
    expect(full.rows.map((r) => [r.cells.name, r.cells.idNumber])).toEqual(rows.map((r) => [r[0], r[1]]));
    let estimate = 0;
    await readSheet('persons', big, 'xlsx', Infinity, { batchSize: 5_000, onBatch: async () => {}, onEstimate: (n) => { estimate = n; } });
    expect(Math.abs(estimate - 40_000)).toBeLessThan(4_000); // progress: the sheet's dimension, or the first chunk scaled
    expect({ columns: head.columns, unknown: head.unknownHeaders, missing: head.missingRequired })
      .toEqual({ columns: full.columns, unknown: full.unknownHeaders, missing: full.missingRequired });
    // a header row longer than the start (a pasted blob of ~1 MB): read in full, header intact
    const blob = random(1_000_000);
    const odd = await tableXlsx('实有人口', ['姓名', '公民身份号码', blob], [['张三', '11010519491231002X', 'x']]);
    const oddHead = await readSheet('persons', odd, 'xlsx', 0);
    expect(oddHead.columns).toEqual(['name', 'idNumber']);
    expect(oddHead.unknownHeaders).toEqual([blob]);
    // read as it is inflated, a row longer than a chunk (~1 MB) is gathered whole, and the rows after it follow
    const long = random(2_500_000);
    const wide = await tableXlsx('实有人口', ['姓名', '公民身份号码', '工作单位'], [['张三', '11010519491231002X', long], ['李四', '110105194912310037', 'x']]);
    const wideRows: Array<Record<string, string>> = [];
    const wideFull = await readSheet('persons', wide, 'xlsx', Infinity, { batchSize: 1, onBatch: async (b) => { wideRows.push(...b.map((r) => r.cells)); } });
    expect(wideFull.rowCount).toBe(2);
    expect(wideRows).toEqual([{ name: '张三', idNumber: '11010519491231002X', employer: long }, { name: '李四', idNumber: '110105194912310037', employer: 'x' }]);
  });
});
