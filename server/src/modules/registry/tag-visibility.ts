/**
 * Who may see which tag. A sensitive tag (精神障碍, 社区矫正 …) and everything about it — the
 * tag row, its reason, its history, and filtering by it — is visible only to roles listed in
 * its type's visible_roles. Non-sensitive tags are visible to anyone who may read the registry.
 * Filtering happens here on the server, never in the console.
 */
import type { Selectable } from 'kysely';
import type { Principal } from '../../platform/auth/principal.js';
import type { RegTagTypesTable } from './tables.js';
import type { Db } from './common.js';

export type TagType = Selectable<RegTagTypesTable>;

export function canSeeTagType(p: Pick<Principal, 'roles'>, t: Pick<TagType, 'sensitive' | 'visible_roles'>): boolean {
  return !t.sensitive || p.roles.some((r) => t.visible_roles.includes(r));
}

export async function loadTagTypes(db: Db): Promise<TagType[]> {
  return db.selectFrom('reg_tag_types').selectAll().orderBy('sort').orderBy('code').execute();
}

/** The tag types the principal may see, by code. */
export async function visibleTagTypes(db: Db, p: Pick<Principal, 'roles'>): Promise<Map<string, TagType>> {
  const all = await loadTagTypes(db);
  return new Map(all.filter((t) => canSeeTagType(p, t)).map((t) => [t.code, t]));
}

/** Codes of the tag types hidden from the principal (for SQL filters). */
export async function hiddenTagCodes(db: Db, p: Pick<Principal, 'roles'>): Promise<string[]> {
  const all = await loadTagTypes(db);
  return all.filter((t) => !canSeeTagType(p, t)).map((t) => t.code);
}

/** History rows of a tag carry field 'tag.<code>'; those of hidden tags are left out. */
export function tagCodeOfChangeField(field: string): string | null {
  return field.startsWith('tag.') ? field.slice(4).split('.')[0] : null;
}
