import type { FormInstance } from 'antd';
import { ApiError } from '../api/client';

/**
 * Puts the server's field errors (paths like `body.name` or `body.parts.0.name`) on the form
 * fields they belong to. Returns the errors that matched no field, for the alert above the form.
 */
export function applyFieldErrors(form: FormInstance, err: unknown, zh: boolean, knownFields?: string[]): { path: string; message: string }[] {
  if (!(err instanceof ApiError) || !err.problem.errors?.length) return [];
  const unmatched: { path: string; message: string }[] = [];
  const fields: { name: (string | number)[]; errors: string[] }[] = [];
  for (const e of err.problem.errors) {
    const msg = (zh ? e.message_zh : e.message) || e.message;
    const parts = e.path.split('.').filter(Boolean);
    if (parts[0] === 'body' || parts[0] === 'querystring' || parts[0] === 'params') parts.shift();
    const name = parts.map((p) => (/^\d+$/.test(p) ? Number(p) : p));
    const top = String(name[0] ?? '');
    if (name.length && (!knownFields || knownFields.includes(top))) fields.push({ name, errors: [msg] });
    else unmatched.push({ path: e.path, message: msg });
  }
  if (fields.length) form.setFields(fields);
  return unmatched;
}

/**
 * Full-width digits and Latin letters (and －．／), as a Chinese input method types them, in
 * their ASCII form; Chinese punctuation stays. The server reads imports and search terms the
 * same way (server/src/platform/validation/half-width.ts).
 */
export function halfWidthAlnum(s: string): string {
  return s.replace(/[\uFF0D-\uFF19\uFF21-\uFF3A\uFF41-\uFF5A]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
}
