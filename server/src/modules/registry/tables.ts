/** Kysely types of the registry's tables (server/migrations/0003_registry.sql). */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface RegistryTables {}
