import { Button } from 'antd';
import { TranslationOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { isZh, setLang } from '../i18n';

export function LanguageSwitch({ size = 'middle', ghost }: { size?: 'small' | 'middle' | 'large'; ghost?: boolean }) {
  const { t, i18n } = useTranslation();
  return (
    <Button
      data-testid="lang-switch"
      size={size}
      ghost={ghost}
      icon={<TranslationOutlined />}
      onClick={() => setLang(isZh(i18n.language) ? 'en' : 'zh-CN')}
      aria-label={t('app.language')}
    >
      {t('app.switchTo')}
    </Button>
  );
}
