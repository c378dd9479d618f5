import { registryModule } from './registry';
import { casesModule } from './cases';
import type { ConsoleModule } from './types';

/** Feature modules plugged into the console shell (App.tsx and ConsoleLayout.tsx read this). */
export const MODULES: ConsoleModule[] = [registryModule, casesModule];
