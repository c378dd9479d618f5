import type { ReactNode } from 'react';

/**
 * What a feature module adds to the console: pages inside the staff console (behind login,
 * in the console layout), menu entries (shown when the user holds `perm`), and stand-alone
 * pages outside the console layout (residents' portal, public pages). Labels are i18n keys;
 * each module registers its own messages (see i18n.addResourceBundle in its index.tsx).
 */
export interface ConsoleModule {
  name: string;
  routes: Array<{ path: string; element: ReactNode }>;
  nav: Array<{ key: string; icon: ReactNode; labelKey: string; perm: string }>;
  standaloneRoutes?: Array<{ path: string; element: ReactNode }>;
}
