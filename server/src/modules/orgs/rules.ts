import type { OrgKind } from '../../platform/db/schema.js';

/** Which kinds of unit may hang under which: a grid belongs to exactly one community. */
export const CHILD_KINDS: Record<OrgKind, OrgKind[]> = {
  district: ['street'],
  street: ['community', 'department'],
  community: ['grid'],
  grid: ['microgrid'],
  microgrid: [],
  department: [],
};

/** Urban grids hold 300–500 households (DOMAIN §2); above that we warn, not refuse. */
export const GRID_HOUSEHOLD_WARN_ABOVE = 500;

export interface Warning {
  code: string;
  message: string;
  message_zh: string;
}

export function gridSizeWarnings(kind: OrgKind, targetHouseholds: number | null | undefined): Warning[] {
  if (kind !== 'grid' || targetHouseholds == null || targetHouseholds <= GRID_HOUSEHOLD_WARN_ABOVE) return [];
  return [{
    code: 'grid_over_500_households',
    message: `This grid has ${targetHouseholds} households; urban grids should hold 300–500`,
    message_zh: `该网格共 ${targetHouseholds} 户，超过 500 户（城市网格一般为 300–500 户），建议拆分`,
  }];
}

/**
 * Codes of generated units: grid = community code + 3 digits, microgrid = grid code + 2,
 * department = street code + 'D' + 2. `siblingCodes` are all codes ever used under the parent
 * (retired ones included), so a code is never reused.
 */
export function nextChildCode(kind: OrgKind, parentCode: string, siblingCodes: string[]): string | undefined {
  const spec = kind === 'grid' ? { prefix: parentCode, width: 3 }
    : kind === 'microgrid' ? { prefix: parentCode, width: 2 }
    : kind === 'department' ? { prefix: parentCode + 'D', width: 2 }
    : undefined;
  if (!spec) return undefined;
  const used = siblingCodes
    .filter((c) => c.startsWith(spec.prefix) && c.length === spec.prefix.length + spec.width)
    .map((c) => Number(c.slice(spec.prefix.length)))
    .filter(Number.isInteger);
  const next = (used.length ? Math.max(...used) : 0) + 1;
  if (String(next).length > spec.width) return undefined;
  return spec.prefix + String(next).padStart(spec.width, '0');
}

/** Codes typed in for streets and communities follow 统计用区划代码 (9 and 12 digits). */
export function expectedCodePattern(kind: OrgKind): RegExp | undefined {
  if (kind === 'street') return /^\d{9}$/;
  if (kind === 'community') return /^\d{12}$/;
  if (kind === 'district') return /^\d{6}$/;
  return undefined;
}
