import type { ConsoleModule } from '../types';

/** The registry module's pages and menu entries (being built). */
export const registryModule: ConsoleModule = { name: 'registry', routes: [], nav: [] };
