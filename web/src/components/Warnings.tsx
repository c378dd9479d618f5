import { Alert } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Warning } from '../api/types';
import { isZh } from '../i18n';

/** Server warnings (the save succeeded, but something deserves a look, e.g. a grid over 500 households). */
export function WarningsAlert({ warnings, style }: { warnings?: Warning[] | null; style?: React.CSSProperties }) {
  const { t, i18n } = useTranslation();
  if (!warnings?.length) return null;
  const zh = isZh(i18n.language);
  return (
    <Alert
      data-testid="warnings-alert"
      type="warning"
      showIcon
      style={{ marginBottom: 16, ...style }}
      message={warnings.length === 1 ? (zh ? warnings[0]!.message_zh : warnings[0]!.message) : t('common.warning')}
      description={
        warnings.length > 1 ? (
          <ul style={{ margin: 0, paddingInlineStart: 18 }}>
            {warnings.map((w) => <li key={w.code} data-warning={w.code}>{zh ? w.message_zh : w.message}</li>)}
          </ul>
        ) : undefined
      }
      data-warning={warnings.map((w) => w.code).join(' ')}
    />
  );
}

export function warningText(w: Warning, lang: string) {
  return isZh(lang) ? w.message_zh : w.message;
}
