import { useCallback, useEffect, useRef, useState } from 'react';
import { newIdempotencyKey } from '../api/client';

/**
 * One Idempotency-Key per submission attempt: a retry of the same body reuses the key (so a
 * create that reached the server but whose answer was lost isn't duplicated), while a corrected
 * body gets a fresh key (the server would answer 422 to the old key with another body).
 */
export function useIdempotencyKey() {
  const last = useRef<{ key: string; body: string } | null>(null);
  const keyFor = useCallback((body: unknown) => {
    const s = JSON.stringify(body);
    if (last.current && last.current.body === s) return last.current.key;
    last.current = { key: newIdempotencyKey(), body: s };
    return last.current.key;
  }, []);
  const reset = useCallback(() => {
    last.current = null;
  }, []);
  return { keyFor, reset };
}

/** Loads data when `deps` change; keeps the old data while reloading so tables don't flash. */
export function useLoad<T>(fn: () => Promise<T>, deps: unknown[]) {
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(true);
  const [tick, setTick] = useState(0);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  useEffect(() => {
    let alive = true;
    setLoading(true);
    fn().then(
      (d) => { if (alive) { setData(d); setError(null); setLoading(false); } },
      (e: unknown) => { if (alive) { setError(e); setLoading(false); } },
    );
    return () => { alive = false; };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...deps, tick]);
  return { data, error, loading, reload, setData };
}

/** True below the phone breakpoint (768px), where the sider becomes a drawer. */
export function useIsPhone(): boolean {
  const q = '(max-width: 767.98px)';
  const [phone, setPhone] = useState(() => typeof window !== 'undefined' && window.matchMedia(q).matches);
  useEffect(() => {
    const m = window.matchMedia(q);
    const on = () => setPhone(m.matches);
    m.addEventListener('change', on);
    return () => m.removeEventListener('change', on);
  }, []);
  return phone;
}
