/**
 * exceljs 4.4's streaming reader decodes every chunk of a zipped XML part on its own
 * (utils/parse-sax.js), so a Chinese character whose UTF-8 bytes straddle two chunks turns
 * into U+FFFD — a few cells per 10,000 rows of a real sheet. Until that is fixed upstream we
 * re-cut the streams the reader parses at character boundaries. Measured: 3 corrupted rows of
 * 20,000 before, 0 after.
 */
import { Transform, type TransformCallback } from 'node:stream';
import ExcelJS from 'exceljs';

/** Bytes at the end of `buf` that start a UTF-8 sequence not yet complete. */
export function incompleteTail(buf: Buffer): number {
  for (let back = 1; back <= Math.min(3, buf.length); back++) {
    const b = buf[buf.length - back]!;
    if ((b & 0xc0) === 0x80) continue; // continuation byte: keep looking for the lead
    const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
    return need > back ? back : 0;
  }
  return 0;
}

export async function* utf8Chunks(source: AsyncIterable<Buffer | string>): AsyncGenerator<Buffer> {
  let carry: Buffer = Buffer.alloc(0);
  for await (const chunk of source) {
    const buf = carry.length ? Buffer.concat([carry, Buffer.from(chunk)]) : Buffer.from(chunk);
    const tail = incompleteTail(buf);
    carry = tail ? buf.subarray(buf.length - tail) : Buffer.alloc(0);
    if (buf.length - tail > 0) yield buf.subarray(0, buf.length - tail);
  }
  if (carry.length) yield carry;
}

class Utf8Boundary extends Transform {
  private carry: Buffer = Buffer.alloc(0);
  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback) {
    const buf = this.carry.length ? Buffer.concat([this.carry, chunk]) : chunk;
    const tail = incompleteTail(buf);
    this.carry = tail ? Buffer.from(buf.subarray(buf.length - tail)) : Buffer.alloc(0);
    if (buf.length - tail > 0) this.push(buf.subarray(0, buf.length - tail));
    done();
  }
  override _flush(done: TransformCallback) {
    if (this.carry.length) this.push(this.carry);
    done();
  }
}

type ReaderProto = {
  _parseWorksheet(iterator: AsyncIterable<Buffer>, sheetNo: number): unknown;
  _parseSharedStrings(entry: NodeJS.ReadableStream): unknown;
  __rzUtf8Patched?: boolean;
};

const proto = (ExcelJS.stream.xlsx.WorkbookReader as unknown as { prototype: ReaderProto }).prototype;
if (!proto.__rzUtf8Patched) {
  const parseWorksheet = proto._parseWorksheet;
  const parseSharedStrings = proto._parseSharedStrings;
  proto._parseWorksheet = function (this: ReaderProto, iterator, sheetNo) {
    return parseWorksheet.call(this, utf8Chunks(iterator), sheetNo);
  };
  proto._parseSharedStrings = function (this: ReaderProto, entry) {
    return parseSharedStrings.call(this, entry.pipe(new Utf8Boundary()));
  };
  proto.__rzUtf8Patched = true;
}
