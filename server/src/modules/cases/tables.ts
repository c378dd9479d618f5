/** Kysely types of the case-handling tables (server/migrations/0005_cases.sql). */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface CaseTables {}
