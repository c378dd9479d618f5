import { Alert } from 'antd';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client';
import { isZh } from '../i18n';

/** Shows an API problem (+ its field errors) in the current language; anything else as a plain message. */
export function ProblemAlert({ error, style, extra, hint }: { error: unknown; style?: React.CSSProperties; extra?: { path: string; message: string }[]; hint?: string }) {
  const { t, i18n } = useTranslation();
  if (!error) return null;
  const zh = isZh(i18n.language);
  let title: string;
  let type: 'error' | 'warning' = 'error';
  let detail: string | undefined;
  let fieldErrors: { path: string; message: string }[] = extra ?? [];
  if (error instanceof ApiError) {
    const p = error.problem;
    title = (zh ? p.title_zh : p.title) || p.title;
    if (p.status === 0) title = t('common.networkError');
    detail = p.detail && p.detail !== title ? p.detail : undefined;
    // a 423/429 is a state to wait out, not a mistake in the form
    if (p.status === 423 || p.status === 429) type = 'warning';
    if (!extra) fieldErrors = (p.errors ?? []).map((e) => ({ path: e.path, message: (zh ? e.message_zh : e.message) || e.message }));
  } else {
    title = error instanceof Error ? error.message : String(error);
  }
  return (
    <Alert
      data-testid="problem-alert"
      type={type}
      showIcon
      style={{ marginBottom: 16, ...style }}
      message={title}
      description={
        detail || hint || fieldErrors.length ? (
          <div>
            {detail && <div>{detail}</div>}
            {hint && <div data-testid="problem-hint">{hint}</div>}
            {fieldErrors.length > 0 && (
              <ul style={{ margin: 0, paddingInlineStart: 18 }}>
                {fieldErrors.map((e, i) => (
                  <li key={i}><code>{e.path.replace(/^body\./, '')}</code>：{e.message}</li>
                ))}
              </ul>
            )}
          </div>
        ) : undefined
      }
    />
  );
}

/** One line for a toast: the problem title in the current language. */
export function problemText(error: unknown, lang: string): string {
  if (error instanceof ApiError) {
    if (error.problem.status === 0) return isZh(lang) ? '网络错误，请检查连接后重试' : 'Network error';
    return (isZh(lang) ? error.problem.title_zh : error.problem.title) || error.problem.title;
  }
  return error instanceof Error ? error.message : String(error);
}
