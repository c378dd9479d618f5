import { sql, type Expression, type SqlBool } from 'kysely';

/**
 * The scope predicate every repository adds: `<column> LIKE <scope path> || '%'` for any
 * of the caller's scope paths. Paths hold only uuids and '/', so no LIKE escaping is needed.
 * No paths → a predicate that is false.
 */
export function inScope(column: string, scopePaths: readonly string[]): Expression<SqlBool> {
  if (scopePaths.length === 0) return sql<SqlBool>`false`;
  const patterns = scopePaths.map((p) => p + '%');
  return sql<SqlBool>`${sql.ref(column)} LIKE ANY (${patterns}::text[])`;
}
