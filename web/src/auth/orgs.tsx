import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { orgApi } from '../api/endpoints';
import type { OrgUnit } from '../api/types';
import { buildTree, type OrgNode } from '../lib/tree';
import { useSession } from './session';

/**
 * The org tree is loaded once per session and shared: the sider shows it, forms pick parents
 * and scopes from it, and the map draws sibling grids from it. Pages call reload() after writes.
 */
interface OrgStore {
  items: OrgUnit[];
  roots: OrgNode[];
  byId: Map<string, OrgUnit>;
  loading: boolean;
  error: unknown;
  includeRetired: boolean;
  setIncludeRetired(v: boolean): void;
  reload(): Promise<void>;
}

const Ctx = createContext<OrgStore | null>(null);

export function OrgProvider({ children }: { children: ReactNode }) {
  const { me, can } = useSession();
  const [items, setItems] = useState<OrgUnit[]>([]);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [includeRetired, setIncludeRetired] = useState(false);
  const allowed = !!me && can('org.read');

  const reload = useCallback(async () => {
    if (!allowed) { setItems([]); return; }
    setLoading(true);
    try {
      const r = await orgApi.tree(includeRetired);
      setItems(r.items);
      setError(null);
    } catch (e) {
      setError(e);
    } finally {
      setLoading(false);
    }
  }, [allowed, includeRetired]);

  useEffect(() => { void reload(); }, [reload, me?.id]);

  const value = useMemo<OrgStore>(() => ({
    items, loading, error, includeRetired, setIncludeRetired, reload,
    roots: buildTree(items),
    byId: new Map(items.map((u) => [u.id, u])),
  }), [items, loading, error, includeRetired, reload]);

  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}

export function useOrgs(): OrgStore {
  const s = useContext(Ctx);
  if (!s) throw new Error('useOrgs outside OrgProvider');
  return s;
}
