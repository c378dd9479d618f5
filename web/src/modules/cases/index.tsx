import type { ConsoleModule } from '../types';

/** The cases module's pages and menu entries (being built). */
export const casesModule: ConsoleModule = { name: 'cases', routes: [], nav: [] };
