/**
 * Application errors rendered as RFC 9457 problem+json, with a Chinese and an English title.
 * Services throw these; the HTTP layer renders them (see problem.ts).
 */
export interface FieldError {
  path: string;
  message: string;
  message_zh: string;
}

export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly title: string,
    readonly titleZh: string,
    readonly detail?: string,
    readonly errors?: FieldError[],
  ) {
    super(title);
  }
}

export const notFound = (what = 'Resource', whatZh = '资源') =>
  new AppError(404, 'not_found', `${what} not found`, `${whatZh}不存在`);
export const forbidden = () =>
  new AppError(403, 'forbidden', 'You do not have permission for this action', '您没有执行此操作的权限');
export const unauthorized = () => new AppError(401, 'unauthorized', 'Please log in', '请先登录');
export const conflict = (title: string, titleZh: string, detail?: string) =>
  new AppError(409, 'conflict', title, titleZh, detail);
export const invalid = (title: string, titleZh: string, errors?: FieldError[]) =>
  new AppError(422, 'invalid', title, titleZh, undefined, errors);
