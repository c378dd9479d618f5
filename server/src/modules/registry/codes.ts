/**
 * National code tables the registry stores codes from (reference data, served at
 * GET /api/registry/codes), plus the registry's own enumerations with Chinese labels.
 */
export interface CodeItem { code: string; zh: string; en?: string }

const items = (pairs: Array<[string, string, string?]>): CodeItem[] => pairs.map(([code, zh, en]) => ({ code, zh, ...(en && { en }) }));

/** GB/T 2261.1-2003 人的性别代码 */
export const GENDER = items([['0', '未知的性别', 'Unknown'], ['1', '男', 'Male'], ['2', '女', 'Female'], ['9', '未说明的性别', 'Not stated']]);

/** GB/T 3304-1991 中国各民族名称的罗马字母拼写法和代码 (56 ethnic groups + 97/98) */
export const ETHNICITY = items([
  ['01', '汉族'], ['02', '蒙古族'], ['03', '回族'], ['04', '藏族'], ['05', '维吾尔族'], ['06', '苗族'], ['07', '彝族'],
  ['08', '壮族'], ['09', '布依族'], ['10', '朝鲜族'], ['11', '满族'], ['12', '侗族'], ['13', '瑶族'], ['14', '白族'],
  ['15', '土家族'], ['16', '哈尼族'], ['17', '哈萨克族'], ['18', '傣族'], ['19', '黎族'], ['20', '傈僳族'], ['21', '佤族'],
  ['22', '畲族'], ['23', '高山族'], ['24', '拉祜族'], ['25', '水族'], ['26', '东乡族'], ['27', '纳西族'], ['28', '景颇族'],
  ['29', '柯尔克孜族'], ['30', '土族'], ['31', '达斡尔族'], ['32', '仫佬族'], ['33', '羌族'], ['34', '布朗族'], ['35', '撒拉族'],
  ['36', '毛南族'], ['37', '仡佬族'], ['38', '锡伯族'], ['39', '阿昌族'], ['40', '普米族'], ['41', '塔吉克族'], ['42', '怒族'],
  ['43', '乌孜别克族'], ['44', '俄罗斯族'], ['45', '鄂温克族'], ['46', '德昂族'], ['47', '保安族'], ['48', '裕固族'], ['49', '京族'],
  ['50', '塔塔尔族'], ['51', '独龙族'], ['52', '鄂伦春族'], ['53', '赫哲族'], ['54', '门巴族'], ['55', '珞巴族'], ['56', '基诺族'],
  ['97', '其他'], ['98', '外国血统中国籍人士'],
]);

/** GB/T 4762-1984 政治面貌代码 */
export const POLITICAL_STATUS = items([
  ['01', '中国共产党党员'], ['02', '中国共产党预备党员'], ['03', '中国共产主义青年团团员'], ['04', '中国国民党革命委员会会员'],
  ['05', '中国民主同盟盟员'], ['06', '中国民主建国会会员'], ['07', '中国民主促进会会员'], ['08', '中国农工民主党党员'],
  ['09', '中国致公党党员'], ['10', '九三学社社员'], ['11', '台湾民主自治同盟盟员'], ['12', '无党派人士'], ['13', '群众'],
]);

/** GB/T 4658-2006 学历代码 (the levels a registry records) */
export const EDUCATION = items([
  ['10', '研究生教育'], ['11', '博士研究生'], ['14', '硕士研究生'], ['20', '大学本科'], ['30', '大学专科'],
  ['40', '中等职业教育'], ['60', '普通高级中学'], ['70', '初级中学'], ['80', '小学'], ['90', '其他（含未上学）'],
]);

/** GB/T 2261.2-2003 婚姻状况代码 */
export const MARITAL_STATUS = items([
  ['10', '未婚'], ['20', '已婚'], ['21', '初婚'], ['22', '再婚'], ['23', '复婚'], ['30', '丧偶'], ['40', '离婚'], ['90', '未说明的婚姻状况'],
]);

/** Relation to the head of household (after GB/T 4761 家庭关系代码, top levels) */
export const RELATION_TO_HEAD = items([
  ['02', '户主'], ['10', '配偶'], ['20', '子'], ['30', '女'], ['40', '孙子女/外孙子女'], ['50', '父母'],
  ['60', '祖父母/外祖父母'], ['70', '兄弟姐妹'], ['80', '其他亲属'], ['99', '非亲属'],
]);

export const POPULATION_TYPE = items([['registered', '户籍人口', 'Registered'], ['resident', '常住人口', 'Resident'], ['floating', '流动人口', 'Floating'], ['overseas', '境外人员', 'Overseas']]);
export const PERSON_STATUS = items([['active', '在册', 'Active'], ['moved_out', '迁出', 'Moved out'], ['deceased', '死亡', 'Deceased'], ['elsewhere', '人户分离（外住）', 'Living elsewhere']]);
export const ROOM_STATUS = items([['self_occupied', '自住', 'Owner-occupied'], ['rented', '出租', 'Rented'], ['vacant', '空置', 'Vacant'], ['business', '经营', 'Business']]);
export const RESIDENCE_TYPE = items([['hukou', '户籍', 'Household registration'], ['living', '居住', 'Living'], ['renting', '租住', 'Renting']]);
export const DATA_SOURCE = items([['entered', '录入', 'Entered'], ['claimed', '认领', 'Claimed'], ['verified', '核实', 'Verified']]);
export const TAG_LEVEL = items([['normal', '正常', 'Normal'], ['attention', '关注', 'Attention'], ['key', '重点', 'Key']]);
export const HOUSEHOLD_KIND = items([['family', '家庭户', 'Family'], ['collective', '集体户', 'Collective']]);
export const ENTITY_TYPE = items([
  ['enterprise', '企业', 'Enterprise'], ['individual', '个体工商户', 'Sole proprietor'], ['government', '机关', 'Government'],
  ['institution', '事业单位', 'Public institution'], ['social_org', '社会组织', 'Social organisation'], ['other', '其他', 'Other'],
]);
export const BUILDING_USE = items([
  ['residential', '住宅', 'Residential'], ['commercial', '商业', 'Commercial'], ['mixed', '商住混合', 'Mixed'], ['office', '办公', 'Office'],
  ['industrial', '工业', 'Industrial'], ['public', '公共设施', 'Public'], ['other', '其他', 'Other'],
]);
export const ROOM_USE = items([['residential', '住宅', 'Residential'], ['commercial', '商铺', 'Shop'], ['office', '办公', 'Office'], ['storage', '仓储', 'Storage'], ['other', '其他', 'Other']]);
export const ROOM_OWNERSHIP = items([
  ['private', '私有', 'Private'], ['public', '公有', 'Public'], ['rented_public', '公租房', 'Public rental'],
  ['collective', '集体', 'Collective'], ['unit', '单位产权', 'Employer-owned'], ['other', '其他', 'Other'],
]);

export const CODE_TABLES = {
  gender: { standard: 'GB/T 2261.1', items: GENDER },
  ethnicity: { standard: 'GB/T 3304', items: ETHNICITY },
  politicalStatus: { standard: 'GB/T 4762', items: POLITICAL_STATUS },
  education: { standard: 'GB/T 4658', items: EDUCATION },
  maritalStatus: { standard: 'GB/T 2261.2', items: MARITAL_STATUS },
  relationToHead: { standard: 'GB/T 4761', items: RELATION_TO_HEAD },
  populationType: { standard: null, items: POPULATION_TYPE },
  personStatus: { standard: null, items: PERSON_STATUS },
  roomStatus: { standard: null, items: ROOM_STATUS },
  roomUse: { standard: null, items: ROOM_USE },
  roomOwnership: { standard: null, items: ROOM_OWNERSHIP },
  buildingUse: { standard: null, items: BUILDING_USE },
  residenceType: { standard: null, items: RESIDENCE_TYPE },
  dataSource: { standard: null, items: DATA_SOURCE },
  tagLevel: { standard: null, items: TAG_LEVEL },
  householdKind: { standard: null, items: HOUSEHOLD_KIND },
  entityType: { standard: null, items: ENTITY_TYPE },
} as const;

const codeSet = (list: CodeItem[]) => new Set(list.map((i) => i.code));
export const CODE_SETS = {
  gender: codeSet(GENDER), ethnicity: codeSet(ETHNICITY), politicalStatus: codeSet(POLITICAL_STATUS),
  education: codeSet(EDUCATION), maritalStatus: codeSet(MARITAL_STATUS), relationToHead: codeSet(RELATION_TO_HEAD),
};

/** The Chinese label of a code in one of the tables, or null. */
export function codeLabel(table: keyof typeof CODE_TABLES, code: string | null | undefined): string | null {
  if (!code) return null;
  return (CODE_TABLES[table].items as readonly CodeItem[]).find((i) => i.code === code)?.zh ?? null;
}
