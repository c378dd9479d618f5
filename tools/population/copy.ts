/**
 * Bulk loading with PostgreSQL's COPY … FROM STDIN (text format) over a plain `pg` client,
 * without an extra dependency: a pg Query whose copy-in handler streams the prepared chunks.
 */
import pg from 'pg';

type Value = unknown;

const ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };
const escapeText = (s: string) => s.replace(/[\\\t\n\r]/g, (c) => ESCAPES[c]!);

/** A PostgreSQL array literal ({"a","b"}) for text[] columns. */
function arrayLiteral(xs: unknown[]): string {
  return '{' + xs.map((x) => (x === null ? 'NULL' : '"' + String(x).replace(/["\\]/g, (c) => '\\' + c) + '"')).join(',') + '}';
}

function field(v: Value): string {
  if (v === null || v === undefined) return '\\N';
  if (typeof v === 'boolean') return v ? 't' : 'f';
  if (typeof v === 'number') return String(v);
  if (v instanceof Date) return v.toISOString();
  if (Array.isArray(v)) return escapeText(arrayLiteral(v));
  if (typeof v === 'object') return escapeText(JSON.stringify(v));
  return escapeText(String(v));
}

/** Rows (objects with the same keys) → COPY text lines, in chunks of about 1 MB. */
export function copyChunks(columns: string[], rows: Array<Record<string, Value>>): Buffer[] {
  const out: Buffer[] = [];
  let buf: string[] = [];
  let size = 0;
  for (const r of rows) {
    const line = columns.map((c) => field(r[c])).join('\t') + '\n';
    buf.push(line);
    size += line.length;
    if (size > 256_000) { out.push(Buffer.from(buf.join(''), 'utf8')); buf = []; size = 0; }
  }
  if (buf.length) out.push(Buffer.from(buf.join(''), 'utf8'));
  return out;
}

const BaseQuery = (pg as unknown as { Query: new (text: string, values?: unknown[], cb?: (err: Error | null, res: unknown) => void) => object }).Query;

class CopyInQuery extends BaseQuery {
  constructor(text: string, private readonly chunks: Buffer[], cb: (err: Error | null, res: unknown) => void) {
    super(text, undefined, cb);
  }
  handleCopyInResponse(connection: { sendCopyFromChunk(b: Buffer): void; endCopyFrom(): void }) {
    for (const c of this.chunks) connection.sendCopyFromChunk(c);
    connection.endCopyFrom();
  }
}

/** COPY rows into a table on the given client; returns the number of rows. */
export async function copyRows(client: pg.ClientBase, table: string, rows: Array<Record<string, Value>>, columns?: string[]): Promise<number> {
  if (rows.length === 0) return 0;
  const cols = columns ?? Object.keys(rows[0]!);
  const chunks = copyChunks(cols, rows);
  const text = `COPY ${table} (${cols.map((c) => `"${c}"`).join(', ')}) FROM STDIN`;
  await new Promise<void>((resolve, reject) => {
    client.query(new CopyInQuery(text, chunks, (err) => (err ? reject(err) : resolve())) as unknown as pg.QueryConfig);
  });
  return rows.length;
}
