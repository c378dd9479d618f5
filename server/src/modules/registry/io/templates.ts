/**
 * The import sheets: for each kind, its columns (Chinese header, field key, required,
 * an example and, where the value comes from a short list, that list — written into the
 * .xlsx as a drop-down). The same definitions parse uploads and label exports.
 */
import type { ImportKind } from './tables.js';
import {
  BUILDING_USE, EDUCATION, ENTITY_TYPE, HOUSEHOLD_KIND, MARITAL_STATUS, POLITICAL_STATUS, POPULATION_TYPE,
  RELATION_TO_HEAD, RESIDENCE_TYPE, ROOM_OWNERSHIP, ROOM_STATUS, ROOM_USE, type CodeItem,
} from '../codes.js';

export interface SheetColumn {
  key: string;
  header: string;
  /** English name, shown in the bad-rows report next to the Chinese header */
  en: string;
  required?: boolean;
  example: string;
  /** allowed values (Chinese labels); the parser maps them to codes */
  list?: CodeItem[];
  width?: number;
  /**
   * Other headers ledgers use for the same column (身份证号 for 公民身份号码). Only where the
   * meaning is the same: a 现住址 is not taken for 房屋地址, which must name a registered room.
   */
  aliases?: string[];
}

const GENDERS: CodeItem[] = [{ code: '1', zh: '男' }, { code: '2', zh: '女' }];
const YES_NO: CodeItem[] = [{ code: 'true', zh: '是' }, { code: 'false', zh: '否' }];

const col = (key: string, header: string, en: string, example: string, extra: Partial<SheetColumn> = {}): SheetColumn =>
  ({ key, header, en, example, ...extra });

export const SHEETS: Record<ImportKind, { title: string; titleEn: string; columns: SheetColumn[] }> = {
  persons: {
    title: '实有人口', titleEn: 'Persons',
    columns: [
      col('name', '姓名', 'name', '张三', { required: true }),
      col('idNumber', '公民身份号码', 'ID number', '120114199001011234', { required: true, width: 22, aliases: ['身份证号', '身份证号码', '公民身份证号码', '身份证'] }),
      col('gender', '性别', 'sex', '男', { list: GENDERS }),
      col('birthDate', '出生日期', 'birth date', '1990-01-01', { aliases: ['出生年月', '出生年月日'] }),
      col('ethnicity', '民族', 'ethnicity', '汉族'),
      col('populationType', '人口类型', 'population type', '户籍人口', { required: true, list: POPULATION_TYPE, aliases: ['人口类别', '人员类型', '人员类别'] }),
      col('phone', '联系电话', 'phone', '13800000000', { width: 14, aliases: ['手机号', '手机号码', '电话', '电话号码', '联系方式'] }),
      col('gridCode', '网格编码', 'grid code', '120114002001001', { width: 18, aliases: ['网格编号'] }),
      col('householdNo', '户号', 'household no.', '120114002000001', { width: 18, aliases: ['户编号'] }),
      col('relation', '与户主关系', 'relation to head', '户主', { list: RELATION_TO_HEAD }),
      col('residenceType', '居住类型', 'residence type', '户籍', { list: RESIDENCE_TYPE }),
      col('roomAddress', '房屋地址', 'room address', '天津市武清区下朱庄街道静湖花园社区1号楼1单元101室', { width: 40 }),
      col('politicalStatus', '政治面貌', 'political status', '群众', { list: POLITICAL_STATUS }),
      col('education', '文化程度', 'education', '大学本科', { list: EDUCATION, aliases: ['学历'] }),
      col('maritalStatus', '婚姻状况', 'marital status', '已婚', { list: MARITAL_STATUS, aliases: ['婚姻状态'] }),
      col('occupation', '职业', 'occupation', '职员'),
      col('employer', '工作单位', 'employer', '', { aliases: ['服务处所'] }),
      col('hukouAddress', '户籍地', 'place of household registration', '天津市武清区', { aliases: ['户籍地址', '户籍所在地'] }),
      col('skills', '特长', 'skills', '电工、书法', { aliases: ['专长', '技能'] }),
      col('inflowReason', '流入原因', 'inflow reason', ''),
      col('inflowDate', '流入日期', 'inflow date', ''),
      col('permitNo', '居住证号', 'residence permit no.', '', { aliases: ['居住证编号'] }),
      col('permitExpiry', '居住证有效期至', 'permit expiry', '', { aliases: ['居住证有效期', '居住证到期日期'] }),
    ],
  },
  households: {
    title: '户', titleEn: 'Households',
    columns: [
      col('householdNo', '户号', 'household no.', '120114002000001', { required: true, width: 18 }),
      col('kind', '户别', 'kind', '家庭户', { list: HOUSEHOLD_KIND }),
      col('roomAddress', '房屋地址', 'room address', '天津市武清区下朱庄街道静湖花园社区1号楼1单元101室', { required: true, width: 40 }),
      col('headIdNumber', '户主公民身份号码', 'head ID number', '', { width: 22 }),
    ],
  },
  rooms: {
    title: '楼栋房屋', titleEn: 'Buildings and rooms',
    columns: [
      col('gridCode', '网格编码', 'grid code', '120114002001001', { width: 18 }),
      col('buildingAddress', '楼栋地址', 'building address', '天津市武清区下朱庄街道静湖花园社区1号楼', { required: true, width: 36 }),
      col('buildingName', '楼栋名称', 'building name', '静湖花园1号楼'),
      col('buildingNumber', '楼号', 'building no.', '1'),
      col('floors', '总层数', 'floors', '6'),
      col('buildingUse', '楼栋用途', 'building use', '住宅', { list: BUILDING_USE }),
      col('unitNo', '单元', 'unit', '1'),
      col('floor', '楼层', 'floor', '1'),
      col('roomNo', '房号', 'room no.', '101', { required: true }),
      col('area', '建筑面积', 'area (m²)', '89.5'),
      col('roomUse', '房屋用途', 'room use', '住宅', { list: ROOM_USE }),
      col('ownership', '产权性质', 'ownership', '私有', { list: ROOM_OWNERSHIP }),
      col('status', '房屋状态', 'status', '自住', { list: ROOM_STATUS }),
    ],
  },
  rentals: {
    title: '出租房屋', titleEn: 'Rentals',
    columns: [
      col('roomAddress', '出租房屋地址', 'rented room address', '天津市武清区下朱庄街道静湖花园社区1号楼1单元102室', { required: true, width: 40 }),
      col('landlordIdNumber', '房东公民身份号码', 'landlord ID number', '', { width: 22 }),
      col('landlordName', '房东姓名', 'landlord name', '李四', { required: true }),
      col('landlordPhone', '房东电话', 'landlord phone', '13900000000', { width: 14 }),
      col('contractFrom', '合同起始日期', 'contract from', '2025-01-01'),
      col('contractTo', '合同截止日期', 'contract to', '2026-12-31'),
      col('tenantIdNumbers', '承租人公民身份号码', 'tenant ID numbers (、 separated)', '', { width: 40 }),
    ],
  },
  entities: {
    title: '实有单位', titleEn: 'Entities',
    columns: [
      col('uscc', '统一社会信用代码', 'unified social credit code', '91120114MA05XXXX0X', { width: 22, aliases: ['社会信用代码', '信用代码'] }),
      col('name', '单位名称', 'name', '天津市某某商贸有限公司', { required: true, width: 30 }),
      col('type', '单位类型', 'type', '企业', { list: ENTITY_TYPE }),
      col('legalRep', '法定代表人', 'legal representative', '王五', { aliases: ['法人', '法人代表', '负责人'] }),
      col('phone', '联系电话', 'phone', '022-29000000', { width: 14 }),
      col('employees', '从业人数', 'employees', '12', { aliases: ['员工人数', '职工人数'] }),
      col('keyUnit', '重点单位', 'key unit', '否', { list: YES_NO }),
      col('address', '地址', 'address', '天津市武清区下朱庄街道静湖花园社区1号楼底商1号', { width: 36 }),
      col('gridCode', '网格编码', 'grid code', '120114002001001', { width: 18 }),
    ],
  },
};

export const IMPORT_KINDS = Object.keys(SHEETS) as ImportKind[];
