import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';

/**
 * Finds pg_dump / pg_restore: on PATH, under /usr/lib/postgresql/<major>/bin, or in
 * RONGZHI_PG_BIN. A dump tool must be at least as new as the server, so the highest
 * version ≥ the server's major wins.
 */
export interface PgTool {
  file: string;
  major: number;
  version: string;
}

function versionOf(file: string): PgTool | undefined {
  const r = spawnSync(file, ['--version'], { encoding: 'utf8' });
  if (r.status !== 0) return undefined;
  const m = /\(PostgreSQL\)\s+(\d+)(?:\.(\d+))?/.exec(r.stdout);
  if (!m) return undefined;
  return { file, major: Number(m[1]), version: r.stdout.trim() };
}

export function candidates(tool: 'pg_dump' | 'pg_restore'): PgTool[] {
  const dirs = new Set<string>();
  if (process.env.RONGZHI_PG_BIN) dirs.add(process.env.RONGZHI_PG_BIN);
  for (const d of (process.env.PATH ?? '').split(path.delimiter)) if (d) dirs.add(d);
  const base = '/usr/lib/postgresql';
  if (fs.existsSync(base)) for (const v of fs.readdirSync(base)) dirs.add(path.join(base, v, 'bin'));
  const seen = new Set<string>();
  const found: PgTool[] = [];
  for (const d of dirs) {
    const file = path.join(d, tool);
    if (!fs.existsSync(file)) continue;
    const real = fs.realpathSync(file);
    if (seen.has(real)) continue;
    seen.add(real);
    const t = versionOf(file);
    if (t) found.push(t);
  }
  return found.sort((a, b) => b.major - a.major);
}

export function findPgTool(tool: 'pg_dump' | 'pg_restore', serverMajor: number): PgTool {
  const all = candidates(tool);
  const best = all.find((t) => t.major >= serverMajor);
  if (!best) {
    const seen = all.map((t) => `${t.file} (${t.major})`).join(', ') || 'none / 无';
    throw new Error(
      `No ${tool} of version ≥ ${serverMajor} found (seen: ${seen}). Install postgresql-client-${serverMajor} or set RONGZHI_PG_BIN.\n` +
      `未找到版本 ≥ ${serverMajor} 的 ${tool}（已找到：${seen}）。请安装 postgresql-client-${serverMajor}，或设置 RONGZHI_PG_BIN。`,
    );
  }
  return best;
}

/** Connection pieces for libpq tools: the password goes in the environment, not on the command line. */
export function libpqTarget(url: string): { dbUrl: string; env: NodeJS.ProcessEnv } {
  const u = new URL(url);
  const password = decodeURIComponent(u.password);
  u.password = '';
  return {
    dbUrl: u.toString(),
    // the system scope lets a non-superuser owner see every row despite FORCE ROW LEVEL SECURITY
    env: { ...process.env, PGPASSWORD: password, PGOPTIONS: `${process.env.PGOPTIONS ?? ''} -c rongzhi.scope=*`.trim() },
  };
}
