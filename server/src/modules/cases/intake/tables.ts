/** Kysely types of the tables in server/migrations/0006_case_intake.sql. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface CaseIntakeTables {}
