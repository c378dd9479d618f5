/**
 * Case photos: checked by their bytes (magic numbers), not by the name or the declared type,
 * size-limited, stored under <dataDir>/attachments — outside the web root, served only
 * through the case API to someone who can see the case.
 */
import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { v7 as uuidv7 } from 'uuid';
import type { AppContext } from '../../platform/context.js';
import { runAsSystem } from '../../platform/db/scope-context.js';
import { AppError, invalid } from '../../platform/http/errors.js';

export const MAX_ATTACHMENT_BYTES = 5 * 1024 * 1024;
export type ImageMime = 'image/jpeg' | 'image/png' | 'image/webp';

/** The image type the bytes really are, or null. */
export function sniffImage(buf: Buffer): ImageMime | null {
  if (buf.length >= 3 && buf[0] === 0xff && buf[1] === 0xd8 && buf[2] === 0xff) return 'image/jpeg';
  if (buf.length >= 8 && buf.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  if (buf.length >= 12 && buf.toString('latin1', 0, 4) === 'RIFF' && buf.toString('latin1', 8, 12) === 'WEBP') return 'image/webp';
  return null;
}

const EXT: Record<ImageMime, string> = { 'image/jpeg': 'jpg', 'image/png': 'png', 'image/webp': 'webp' };

export function attachmentsDir(ctx: AppContext) {
  return path.join(ctx.config.dataDir, 'attachments');
}

export async function storeAttachment(ctx: AppContext, tenantCode: string, uploaderId: string | null, bytes: Buffer) {
  if (bytes.length === 0) throw invalid('Empty file', '文件为空');
  if (bytes.length > MAX_ATTACHMENT_BYTES) {
    throw new AppError(413, 'too_large', `Images may be at most ${MAX_ATTACHMENT_BYTES / 1024 / 1024} MB`, `图片不能超过 ${MAX_ATTACHMENT_BYTES / 1024 / 1024} MB`);
  }
  const mime = sniffImage(bytes);
  if (!mime) throw new AppError(415, 'unsupported_media', 'Only JPEG, PNG and WebP images are accepted', '仅支持 JPEG、PNG、WebP 格式的图片');
  const id = uuidv7();
  const key = path.join(tenantCode, new Date().toISOString().slice(0, 7), `${id}.${EXT[mime]}`);
  const file = path.join(attachmentsDir(ctx), key);
  await fs.mkdir(path.dirname(file), { recursive: true });
  await fs.writeFile(file, bytes, { mode: 0o600 });
  const sha256 = crypto.createHash('sha256').update(bytes).digest('hex');
  await runAsSystem(() => ctx.db.insertInto('case_attachments').values({
    tenant_code: tenantCode, id, case_id: null, uploader_id: uploaderId, mime, size: bytes.length, sha256, storage_key: key,
  }).execute());
  return { id, mime, size: bytes.length, sha256 };
}

export async function readAttachment(ctx: AppContext, storageKey: string): Promise<Buffer> {
  const root = attachmentsDir(ctx);
  const file = path.resolve(root, storageKey);
  if (!file.startsWith(root + path.sep)) throw new Error('attachment key escapes the attachments directory');
  return fs.readFile(file);
}
