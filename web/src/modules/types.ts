import type { ReactNode } from 'react';

/**
 * A number the console shell shows beside a menu entry (unread messages, open tasks …). The shell
 * calls `load` while someone is logged in and the entry is visible to them: at once, every
 * `pollMs` (default 60 s, skipped while the browser tab is hidden), on every navigation, and
 * whenever one of the `refreshOn` window events fires (a module fires its own event after it
 * changes what the number counts, e.g. marking messages read). 0 hides the badge; a failed load
 * keeps the last number.
 */
export interface NavBadge {
  load: () => Promise<number>;
  pollMs?: number;
  refreshOn?: string[];
}

export interface NavEntry {
  key: string;
  icon: ReactNode;
  labelKey: string;
  perm: string;
  badge?: NavBadge;
}

/**
 * What a feature module adds to the console: pages inside the staff console (behind login,
 * in the console layout), menu entries (shown when the user holds `perm`, optionally with a
 * badge), and stand-alone pages outside the console layout (residents' portal, public pages).
 * Labels are i18n keys; each module registers its own messages (see i18n.addResourceBundle in
 * its index.tsx).
 */
export interface ConsoleModule {
  name: string;
  routes: Array<{ path: string; element: ReactNode }>;
  nav: NavEntry[];
  standaloneRoutes?: Array<{ path: string; element: ReactNode }>;
}
