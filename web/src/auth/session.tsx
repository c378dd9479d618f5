import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { ApiError, setUnauthorizedListener } from '../api/client';
import { authApi } from '../api/endpoints';
import type { Me } from '../api/types';

interface Session {
  me: Me | null;
  /** true until the first /api/auth/me answer, so protected routes don't bounce to login on reload */
  loading: boolean;
  /** set when a 401 arrived on an ordinary call: the session ended under us */
  expired: boolean;
  can(permission: string): boolean;
  login(login: string, password: string): Promise<Me>;
  logout(): Promise<void>;
  refresh(): Promise<void>;
}

const Ctx = createContext<Session | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [me, setMe] = useState<Me | null>(null);
  const [loading, setLoading] = useState(true);
  const [expired, setExpired] = useState(false);

  const refresh = useCallback(async () => {
    try {
      setMe(await authApi.me());
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) setMe(null);
      else throw e;
    } finally {
      setLoading(false);
    }
  }, []);

  useEffect(() => {
    refresh().catch(() => setLoading(false));
    setUnauthorizedListener(() => {
      setMe(null);
      setExpired(true);
    });
    return () => setUnauthorizedListener(null);
  }, [refresh]);

  const login = useCallback(async (l: string, p: string) => {
    const { user } = await authApi.login(l, p);
    setMe(user);
    setExpired(false);
    return user;
  }, []);

  const logout = useCallback(async () => {
    try {
      await authApi.logout();
    } finally {
      setMe(null);
      setExpired(false);
    }
  }, []);

  const value = useMemo<Session>(() => ({
    me, loading, expired, login, logout, refresh,
    can: (perm: string) => !!me?.permissions.includes(perm),
  }), [me, loading, expired, login, logout, refresh]);

  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}

export function useSession(): Session {
  const s = useContext(Ctx);
  if (!s) throw new Error('useSession outside SessionProvider');
  return s;
}
