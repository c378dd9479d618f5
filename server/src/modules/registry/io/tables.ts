/** Kysely types of the tables in server/migrations/0004_registry_io.sql. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface RegistryIoTables {}
