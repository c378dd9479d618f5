/**
 * Notifications of case events: to the handling org, the person who signed, and their leader
 * (the parent org). Senders are pluggable; the default writes the staff inbox and a log line
 * (masked). SMS and WeChat senders implement the same interface and are not wired: a
 * deployment registers them with `registerSender` once it has a gateway contract.
 */
import { v7 as uuidv7 } from 'uuid';
import type { AppContext } from '../../platform/context.js';
import type { Kysely } from 'kysely';
import type { DB } from '../../platform/db/schema.js';
import { maskIdNumber, maskPhone } from '../../platform/privacy/mask.js';

export interface OutgoingNotification {
  tenantCode: string;
  caseId: string;
  caseNumber: string;
  kind: 'todo' | 'overdue' | 'supervision' | 'info';
  title: string;
  body?: string;
  /** recipient orgs (their path scopes the inbox row) and, optionally, a person */
  recipients: Array<{ orgId: string; path: string; userId?: string | null }>;
}

export interface NotificationSender {
  readonly name: string;
  send(ctx: AppContext, n: OutgoingNotification): Promise<void>;
}

/** Masks anything shaped like a mobile number or a citizen ID in free text. */
export function maskText(s: string): string {
  return s.replace(/\d{17}[\dXx]|\d{15}/g, (m) => maskIdNumber(m) ?? m).replace(/1\d{10}/g, (m) => maskPhone(m) ?? m);
}

/**
 * The staff inbox is written inside the transaction of the change that causes it (the
 * platform's system scope), so a crash can neither lose nor double a message.
 */
export function inboxRows(ns: OutgoingNotification[]) {
  return ns.flatMap((n) => n.recipients.map((r) => ({
    tenant_code: n.tenantCode, id: uuidv7(), path: r.path, recipient_org_id: r.orgId, recipient_user_id: r.userId ?? null,
    case_id: n.caseId, kind: n.kind, title: n.title, body: n.body ?? null,
  })));
}

export async function writeInbox(db: Kysely<DB>, ns: OutgoingNotification[]) {
  const rows = inboxRows(ns);
  if (rows.length) await db.insertInto('case_notifications').values(rows).execute();
}

export class LogSender implements NotificationSender {
  readonly name = 'log';
  async send(ctx: AppContext, n: OutgoingNotification) {
    ctx.log.info({ caseNumber: n.caseNumber, kind: n.kind, recipients: n.recipients.map((r) => r.orgId), title: maskText(n.title) }, 'case notification');
  }
}

/** SMS through an operator's gateway — not wired: needs a contract, a signature and a template id. */
export class SmsSender implements NotificationSender {
  readonly name = 'sms';
  constructor(private readonly gateway: (mobile: string, text: string) => Promise<void>, private readonly mobilesOf: (n: OutgoingNotification) => Promise<string[]>) {}
  async send(_ctx: AppContext, n: OutgoingNotification) {
    for (const m of await this.mobilesOf(n)) await this.gateway(m, maskText(`${n.title} ${n.caseNumber}`));
  }
}

/** WeChat template/subscribe messages — not wired: needs an official account and openids. */
export class WeChatSender implements NotificationSender {
  readonly name = 'wechat';
  constructor(private readonly push: (openId: string, payload: Record<string, string>) => Promise<void>, private readonly openIdsOf: (n: OutgoingNotification) => Promise<string[]>) {}
  async send(_ctx: AppContext, n: OutgoingNotification) {
    for (const id of await this.openIdsOf(n)) await this.push(id, { title: maskText(n.title), number: n.caseNumber });
  }
}

/** Senders beyond the inbox, run after the commit. */
const senders: NotificationSender[] = [new LogSender()];
export function registerSender(s: NotificationSender) {
  senders.push(s);
}

/** Sends after the change is committed; a failing sender is logged and never undoes the change. */
export async function notify(ctx: AppContext, notifications: OutgoingNotification[]) {
  for (const n of notifications) {
    for (const s of senders) {
      try {
        await s.send(ctx, n);
      } catch (err) {
        ctx.log.warn({ err: (err as Error).message, sender: s.name, caseNumber: n.caseNumber }, 'notification sender failed');
      }
    }
  }
}
