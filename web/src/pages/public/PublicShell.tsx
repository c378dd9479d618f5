import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { LanguageSwitch } from '../../components/LanguageSwitch';

/** Frame for the residents' pages: big type, high contrast, no console chrome. */
export function PublicShell({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <div style={{ minHeight: '100vh', background: '#fbf7f4', fontSize: 18 }}>
      <header style={{ background: '#b7202e', color: '#fff', padding: '14px 16px', display: 'flex', alignItems: 'center', justifyContent: 'space-between' }}>
        <div>
          <div style={{ fontSize: 24, fontWeight: 700, letterSpacing: 2 }}>{t('public.title')}</div>
          <div style={{ fontSize: 15, opacity: 0.9 }}>{t('public.subtitle')}</div>
        </div>
        <LanguageSwitch ghost />
      </header>
      <main style={{ maxWidth: 640, margin: '0 auto', padding: 16 }}>{children}</main>
      <footer style={{ textAlign: 'center', color: '#8c8c8c', fontSize: 14, padding: '8px 16px 24px' }}>{t('public.footer')}</footer>
    </div>
  );
}
