/**
 * CPU accounting for the benchmarks. Elapsed times on these shared 2-core machines move with
 * whatever else runs; CPU seconds of each process do not, so the benchmarks print both.
 */
import fs from 'node:fs';
import inspector from 'node:inspector';
import { promisify } from 'node:util';
import type pg from 'pg';

const TICK_MS = 10; // USER_HZ = 100 on Linux
const stat = (pid: number | string) => fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');

/** The postmaster of the server a connection talks to; null when that server is not a local process. */
export async function postmasterOf(client: pg.Client | pg.Pool): Promise<number | null> {
  const backend = (await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid;
  try { return Number(stat(backend)[1]); } catch { return null; }
}

/**
 * CPU time of the whole PostgreSQL server (postmaster, live backends and helpers, plus the
 * children that exited — counted into the postmaster's cutime/cstime), in ms; null when the
 * server is not a local process.
 */
export function pgCpuMs(postmaster: number | null): number | null {
  if (postmaster === null) return null;
  try {
    const pm = stat(postmaster);
    let t = (Number(pm[11]) + Number(pm[12]) + Number(pm[13]) + Number(pm[14])) * TICK_MS;
    for (const d of fs.readdirSync('/proc')) {
      if (!/^\d+$/.test(d)) continue;
      try {
        const f = stat(d);
        if (Number(f[1]) === postmaster) t += (Number(f[11]) + Number(f[12])) * TICK_MS;
      } catch { /* exited meanwhile */ }
    }
    return t;
  } catch {
    return null;
  }
}

/** CPU time of this process (the server under test runs in it), in ms. */
export const nodeCpuMs = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };

/** CPU time of this process's children that have exited and been waited for (the load generator), in ms. */
export function childrenCpuMs(): number {
  const s = stat('self');
  return (Number(s[13]) + Number(s[14])) * TICK_MS;
}

/** A V8 CPU profile of this process (where the server under test runs); the returned function stops it and writes `file` (open it in Chrome DevTools). */
export async function startProfile() {
  const session = new inspector.Session();
  session.connect();
  const post = promisify(session.post.bind(session)) as (method: string, params?: object) => Promise<unknown>;
  await post('Profiler.enable');
  await post('Profiler.start');
  return async (file: string) => {
    const { profile } = (await post('Profiler.stop')) as { profile: object };
    fs.writeFileSync(file, JSON.stringify(profile));
    session.disconnect();
  };
}
