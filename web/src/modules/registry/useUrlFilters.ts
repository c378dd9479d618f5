import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router';

/**
 * List filters live in the URL: a worker can go back from a detail page to the same filtered
 * page, share the link, and the export button exports exactly what is listed.
 */
export function useUrlFilters() {
  const [params, setParams] = useSearchParams();
  const filters = useMemo(() => Object.fromEntries(params.entries()) as Record<string, string>, [params]);
  const page = Number(filters.page ?? 1) || 1;
  const pageSize = Number(filters.pageSize ?? 20) || 20;
  const set = useCallback((next: Record<string, string | number | undefined | null>, keepPage = false) => {
    const p = new URLSearchParams();
    for (const [k, v] of Object.entries(next)) if (v !== undefined && v !== null && v !== '') p.set(k, String(v));
    if (!keepPage) p.delete('page');
    setParams(p, { replace: true });
  }, [setParams]);
  const setPage = useCallback((pg: number, size: number) => {
    set({ ...filters, page: pg, pageSize: size }, true);
  }, [filters, set]);
  return { filters, page, pageSize, set, setPage };
}
