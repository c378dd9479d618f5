/** Identifier and date validation shared by every module (GB 11643, GB 32100, mobiles, dates). */
export * from './citizen-id.js';
export * from './uscc.js';
export * from './mobile.js';
export * from './dates.js';
export * from './person-identity.js';
export * from './half-width.js';
