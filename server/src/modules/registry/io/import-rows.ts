/**
 * Validation of one import row, without the database: identifiers (R1's validators), dates,
 * code lists (Chinese label or code accepted), required cells. Every problem names the row,
 * the column (Chinese header) and the reason in Chinese and English. Problems that need the
 * database (unknown grid, room not registered …) are added by the batch writer.
 */
import { normaliseIdentity, normalisePhones, nameColumns } from '../person-input.js';
import { checkUscc, usccMessage } from '../../../platform/validation/uscc.js';
import { isRealDate } from '../../../platform/validation/dates.js';
import { ETHNICITY, type CodeItem } from '../codes.js';
import { SHEETS, type SheetColumn } from './templates.js';
import type { SheetRow } from './spreadsheet.js';
import type { ImportKind, RowIssue } from './tables.js';

export class RowCheck {
  readonly issues: RowIssue[] = [];
  constructor(readonly kind: ImportKind, readonly row: SheetRow) {}

  column(key: string): SheetColumn {
    return COLUMN_BY_KEY[this.kind].get(key)!;
  }
  error(key: string, zh: string, en: string) {
    this.issues.push({ row: this.row.row, column: this.column(key).header, value: this.cellForReport(key), reason_zh: zh, reason: en, severity: 'error' });
  }
  warn(key: string, zh: string, en: string) {
    this.issues.push({ row: this.row.row, column: this.column(key).header, value: this.cellForReport(key), reason_zh: zh, reason: en, severity: 'warning' });
  }
  get ok() {
    return !this.issues.some((i) => i.severity === 'error');
  }
  /** The offending value as the report shows it: personal identifiers never appear whole. */
  private cellForReport(key: string): string | undefined {
    const v = this.row.cells[key];
    if (!v) return undefined;
    if (/idnumber|phone/i.test(key)) return v.length > 7 ? `${v.slice(0, 3)}***${v.slice(-4)}` : '***';
    return v.length > 100 ? v.slice(0, 100) + '…' : v;
  }
  text(key: string, max = 200): string | null {
    const v = this.row.cells[key]?.trim() ?? '';
    if (!v) {
      if (this.column(key).required) this.error(key, `${this.column(key).header}为必填项`, `${this.column(key).en} is required`);
      return null;
    }
    if (v.length > max) { this.error(key, `长度不能超过${max}个字符`, `at most ${max} characters`); return null; }
    return v;
  }
  /** A value from a code list: the Chinese label, the code itself, or null when empty. */
  code(key: string, list?: CodeItem[]): string | null {
    const v = this.text(key);
    if (v === null) return null;
    const items = list ?? this.column(key).list ?? [];
    const hit = lookupCode(items, v);
    if (!hit) {
      const allowed = items.slice(0, 12).map((i) => i.zh).join('、') + (items.length > 12 ? ' …' : '');
      this.error(key, `“${v}”不是有效的${this.column(key).header}，可选：${allowed}`, `"${v}" is not a valid ${this.column(key).en}`);
      return null;
    }
    return hit.code;
  }
  /** Dates as YYYY-MM-DD; YYYY/MM/DD, YYYY.MM.DD and YYYYMMDD are accepted too. */
  date(key: string): string | null {
    const v = this.text(key);
    if (v === null) return null;
    const m = /^(\d{4})[-/.年]?(\d{1,2})[-/.月]?(\d{1,2})日?$/.exec(v);
    if (m && isRealDate(Number(m[1]), Number(m[2]), Number(m[3]))) return `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}`;
    this.error(key, '不是有效日期（格式 YYYY-MM-DD）', 'not a real date (YYYY-MM-DD)');
    return null;
  }
  int(key: string, min: number, max: number): number | null {
    const v = this.text(key);
    if (v === null) return null;
    const n = Number(v);
    if (!Number.isInteger(n) || n < min || n > max) { this.error(key, `应为${min}到${max}之间的整数`, `must be a whole number from ${min} to ${max}`); return null; }
    return n;
  }
  number(key: string, min: number, max: number): number | null {
    const v = this.text(key);
    if (v === null) return null;
    const n = Number(v);
    if (!Number.isFinite(n) || n < min || n > max) { this.error(key, `应为${min}到${max}之间的数字`, `must be a number from ${min} to ${max}`); return null; }
    return n;
  }
  /** A citizen ID number, normalised to 18 characters. */
  idNumber(key: string): string | null {
    const v = this.text(key, 30);
    if (v === null) return null;
    if (/e\+?\d+$/i.test(v)) {
      this.error(key, '身份号码被Excel存成了数字（后几位已丢失），请将该列设为文本格式后重新填写', 'the ID number was stored as a number by Excel and lost digits; format the column as text');
      return null;
    }
    const errors: { path: string; message: string; message_zh: string }[] = [];
    const id = normaliseIdentity({ idNumber: v }, 'x', errors);
    if (errors.length) { this.error(key, errors[0]!.message_zh, errors[0]!.message); return null; }
    return id.idNumber;
  }
  phone(key: string): string | null {
    const v = this.text(key, 30);
    if (v === null) return null;
    const errors: { path: string; message: string; message_zh: string }[] = [];
    const out = normalisePhones([v], 'x', errors);
    if (errors.length) { this.error(key, errors[0]!.message_zh, errors[0]!.message); return null; }
    return out[0] ?? null;
  }
}

/**
 * The first item of a code list whose Chinese label, code or English label (any case) is `v` —
 * as a linear find would return it, but through maps built once per list (an import checks
 * about ten coded cells per row against lists of up to 56 ethnicities).
 */
const CODE_INDEX = new WeakMap<CodeItem[], { zh: Map<string, number>; code: Map<string, number>; en: Map<string, number> }>();
function lookupCode(items: CodeItem[], v: string): CodeItem | undefined {
  let ix = CODE_INDEX.get(items);
  if (!ix) {
    ix = { zh: new Map(), code: new Map(), en: new Map() };
    items.forEach((i, n) => {
      if (!ix!.zh.has(i.zh)) ix!.zh.set(i.zh, n);
      if (!ix!.code.has(i.code)) ix!.code.set(i.code, n);
      const en = i.en?.toLowerCase();
      if (en !== undefined && !ix!.en.has(en)) ix!.en.set(en, n);
    });
    CODE_INDEX.set(items, ix);
  }
  const n = Math.min(ix.zh.get(v) ?? Infinity, ix.code.get(v) ?? Infinity, ix.en.get(v.toLowerCase()) ?? Infinity);
  return n === Infinity ? undefined : items[n];
}

const COLUMN_BY_KEY = Object.fromEntries(Object.entries(SHEETS).map(([k, v]) => [k, new Map(v.columns.map((c) => [c.key, c]))])) as Record<ImportKind, Map<string, SheetColumn>>;
/** 民族 as written in sheets: 汉族 or 汉 */
const ETHNICITY_LIST: CodeItem[] = ETHNICITY.flatMap((e) => [e, { code: e.code, zh: e.zh.replace(/族$/, '') }]);

const GENDER_LIST: CodeItem[] = [{ code: '1', zh: '男' }, { code: '2', zh: '女' }, { code: '9', zh: '未说明' }];

// ---------------------------------------------------------------------------------------------

export interface PersonRecord {
  row: number;
  name: string; name_simplified: string; name_pinyin: string | null; name_initials: string | null;
  idNumber: string; gender: string | null; birthDate: string | null; ethnicity: string | null;
  populationType: 'registered' | 'resident' | 'floating' | 'overseas';
  phones: string[]; gridCode: string | null; householdNo: string | null; relation: string | null;
  residenceType: 'hukou' | 'living' | 'renting' | null; roomAddress: string | null;
  politicalStatus: string | null; education: string | null; maritalStatus: string | null;
  occupation: string | null; employer: string | null; hukouAddress: string | null; skills: string[];
  floating: { reason: string | null; date: string | null; permitNo: string | null; permitExpiry: string | null } | null;
}

export function checkPersonRow(c: RowCheck): PersonRecord | null {
  const name = c.text('name', 50);
  const idNumber = c.idNumber('idNumber');
  const genderIn = c.code('gender', GENDER_LIST);
  const birthIn = c.date('birthDate');
  let identity: ReturnType<typeof normaliseIdentity> | null = null;
  if (idNumber) {
    // sex and birth date entered next to the number must agree with it; when not entered they
    // come from the number (entered ?? derived)
    const errors: { path: string; message: string; message_zh: string }[] = [];
    identity = normaliseIdentity({ idNumber, birthDate: birthIn, gender: genderIn }, 'x', errors);
    for (const e of errors) c.error(e.path.endsWith('gender') ? 'gender' : 'birthDate', e.message_zh, e.message);
  }
  const populationType = c.code('populationType') as PersonRecord['populationType'] | null;
  const phone = c.phone('phone');
  const rec = {
    gridCode: c.text('gridCode', 30), householdNo: c.text('householdNo', 40),
    relation: c.code('relation'), residenceType: c.code('residenceType') as PersonRecord['residenceType'],
    roomAddress: c.text('roomAddress', 300), ethnicity: c.code('ethnicity', ETHNICITY_LIST),
    politicalStatus: c.code('politicalStatus'), education: c.code('education'), maritalStatus: c.code('maritalStatus'),
    occupation: c.text('occupation', 100), employer: c.text('employer', 200), hukouAddress: c.text('hukouAddress', 300),
    skills: (c.text('skills', 300) ?? '').split(/[、,，;；\s]+/).filter(Boolean),
  };
  const reason = c.text('inflowReason', 50);
  const inflowDate = c.date('inflowDate');
  const permitNo = c.text('permitNo', 50);
  const permitExpiry = c.date('permitExpiry');
  if (!c.ok || !name || !idNumber || !populationType) return null;
  return {
    row: c.row.row, ...nameColumns(name), idNumber, gender: identity!.gender, birthDate: identity!.birthDate,
    populationType, phones: phone ? [phone] : [], ...rec,
    floating: populationType === 'floating' || reason || permitNo ? { reason, date: inflowDate, permitNo, permitExpiry } : null,
  };
}

export interface HouseholdRecord { row: number; householdNo: string; kind: 'family' | 'collective'; roomAddress: string; headIdNumber: string | null }

export function checkHouseholdRow(c: RowCheck): HouseholdRecord | null {
  const householdNo = c.text('householdNo', 40);
  const kind = (c.code('kind') ?? 'family') as HouseholdRecord['kind'];
  const roomAddress = c.text('roomAddress', 300);
  const headIdNumber = c.idNumber('headIdNumber');
  if (!c.ok || !householdNo || !roomAddress) return null;
  return { row: c.row.row, householdNo, kind, roomAddress, headIdNumber };
}

export interface RoomRecord {
  row: number; gridCode: string | null; buildingAddress: string; buildingName: string | null; buildingNumber: string | null;
  floors: number | null; buildingUse: string | null; unitNo: string | null; floor: number | null; roomNo: string;
  area: number | null; roomUse: string | null; ownership: string | null; status: string | null;
}

export function checkRoomRow(c: RowCheck): RoomRecord | null {
  const r = {
    gridCode: c.text('gridCode', 30), buildingAddress: c.text('buildingAddress', 300), buildingName: c.text('buildingName', 100),
    buildingNumber: c.text('buildingNumber', 20), floors: c.int('floors', 1, 200), buildingUse: c.code('buildingUse'),
    unitNo: c.text('unitNo', 20), floor: c.int('floor', -10, 200), roomNo: c.text('roomNo', 20), area: c.number('area', 0, 100000),
    roomUse: c.code('roomUse'), ownership: c.code('ownership'), status: c.code('status'),
  };
  if (!c.ok || !r.buildingAddress || !r.roomNo) return null;
  return { row: c.row.row, ...r, buildingAddress: r.buildingAddress, roomNo: r.roomNo };
}

export interface RentalRecord {
  row: number; roomAddress: string; landlordIdNumber: string | null; landlordName: string; landlordPhone: string | null;
  contractFrom: string | null; contractTo: string | null; tenantIdNumbers: string[];
}

export function checkRentalRow(c: RowCheck): RentalRecord | null {
  const roomAddress = c.text('roomAddress', 300);
  const landlordIdNumber = c.idNumber('landlordIdNumber');
  const landlordName = c.text('landlordName', 50);
  const landlordPhone = c.phone('landlordPhone');
  const contractFrom = c.date('contractFrom');
  const contractTo = c.date('contractTo');
  if (contractFrom && contractTo && contractTo < contractFrom) c.error('contractTo', '合同截止日期早于起始日期', 'the contract ends before it starts');
  const tenantIdNumbers: string[] = [];
  for (const raw of (c.text('tenantIdNumbers', 2000) ?? '').split(/[、,，;；\s]+/).filter(Boolean)) {
    const errors: { path: string; message: string; message_zh: string }[] = [];
    const id = normaliseIdentity({ idNumber: raw }, 'x', errors);
    if (errors.length || !id.idNumber) c.error('tenantIdNumbers', `承租人身份号码有误：${errors[0]?.message_zh ?? ''}`, `a tenant ID number is invalid: ${errors[0]?.message ?? ''}`);
    else tenantIdNumbers.push(id.idNumber);
  }
  if (!c.ok || !roomAddress || !landlordName) return null;
  return { row: c.row.row, roomAddress, landlordIdNumber, landlordName, landlordPhone, contractFrom, contractTo, tenantIdNumbers: [...new Set(tenantIdNumbers)] };
}

export interface EntityRecord {
  row: number; uscc: string | null; usccValid: boolean; name: string; type: string | null; legalRep: string | null;
  phone: string | null; employees: number | null; keyUnit: boolean; address: string | null; gridCode: string | null;
}

export function checkEntityRow(c: RowCheck): EntityRecord | null {
  const usccRaw = c.text('uscc', 30);
  let uscc: string | null = null;
  let usccValid = true;
  if (usccRaw) {
    const r = checkUscc(usccRaw);
    uscc = r.code;
    if (!r.valid) {
      const m = usccMessage(r.problem);
      // a failing checksum is kept and flagged (real ledgers contain such codes); a malformed code is refused
      if (r.problem === 'checksum') { c.warn('uscc', m.zh, m.en); usccValid = false; }
      else c.error('uscc', m.zh, m.en);
    }
  }
  const name = c.text('name', 200);
  const type = c.code('type');
  const legalRep = c.text('legalRep', 50);
  const phone = c.phone('phone');
  const employees = c.int('employees', 0, 10_000_000);
  const keyUnit = c.code('keyUnit') === 'true';
  const address = c.text('address', 300);
  const gridCode = c.text('gridCode', 30);
  if (!c.ok || !name) return null;
  return { row: c.row.row, uscc, usccValid, name, type, legalRep, phone, employees, keyUnit, address, gridCode };
}

export const ROW_CHECKERS = {
  persons: checkPersonRow, households: checkHouseholdRow, rooms: checkRoomRow, rentals: checkRentalRow, entities: checkEntityRow,
} as const;
