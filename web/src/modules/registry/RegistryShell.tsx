/**
 * The registry's header: the one search box (persons, households, rooms, buildings, entities —
 * pinyin, initials, ID tail, phone and address fragments all work server-side) and the row of
 * sub-pages. Every registry page renders inside it.
 */
import { AutoComplete, Input, Segmented, Tag, Typography } from 'antd';
import { BankOutlined, HomeOutlined, ShopOutlined, TeamOutlined, UserOutlined, KeyOutlined, BuildOutlined } from '@ant-design/icons';
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation, useNavigate } from 'react-router';
import { useIsPhone } from '../../lib/hooks';
import { registryApi, type SearchHit } from './api';
import { SensitiveMark } from './shared';

const TABS = ['persons', 'households', 'buildings', 'entities', 'rentals'] as const;

const KIND_ICON: Record<SearchHit['kind'], ReactNode> = {
  person: <UserOutlined />, household: <TeamOutlined />, room: <KeyOutlined />, building: <BuildOutlined />, entity: <ShopOutlined />,
};

export function hitPath(h: SearchHit): string {
  switch (h.kind) {
    case 'person': return `/registry/persons/${h.id}`;
    case 'household': return `/registry/households/${h.id}`;
    case 'room': return `/registry/rooms/${h.id}`;
    case 'building': return `/registry/buildings/${h.id}`;
    case 'entity': return `/registry/entities?q=${encodeURIComponent(h.title)}`;
  }
}

export function RegistrySearch({ autoFocus }: { autoFocus?: boolean }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [q, setQ] = useState('');
  const [hits, setHits] = useState<SearchHit[] | null>(null);
  const [loading, setLoading] = useState(false);
  const abort = useRef<AbortController | null>(null);

  useEffect(() => {
    const term = q.trim();
    if (!term) { setHits(null); return; }
    const timer = setTimeout(() => {
      abort.current?.abort();
      const ac = new AbortController();
      abort.current = ac;
      setLoading(true);
      registryApi.search(term, 8, ac.signal).then(
        (r) => { setHits(r.items); setLoading(false); },
        (e: unknown) => { if ((e as Error).name !== 'AbortError') { setHits([]); setLoading(false); } },
      );
    }, 250);
    return () => clearTimeout(timer);
  }, [q]);

  const options = (hits ?? []).map((h) => ({
    value: `${h.kind}:${h.id}`,
    label: (
      <div data-testid="search-hit" data-kind={h.kind} style={{ display: 'flex', gap: 8, alignItems: 'flex-start', padding: '2px 0' }}>
        <span style={{ color: '#b7202e', marginTop: 2 }}>{KIND_ICON[h.kind]}</span>
        <div style={{ minWidth: 0, flex: 1 }}>
          <div style={{ display: 'flex', gap: 6, alignItems: 'center' }}>
            <Typography.Text strong ellipsis>{h.title}</Typography.Text>
            <SensitiveMark on={h.sensitive} />
            <Tag style={{ marginInlineStart: 'auto', marginInlineEnd: 0 }}>{t(`registry.search.kinds.${h.kind}`)}</Tag>
          </div>
          <Typography.Text type="secondary" ellipsis style={{ fontSize: 12, display: 'block' }}>
            {[h.subtitle, h.gridName].filter(Boolean).join(' · ')}
          </Typography.Text>
        </div>
      </div>
    ),
  }));

  return (
    <div data-testid="registry-search">
    <AutoComplete
      style={{ width: '100%' }}
      value={q}
      options={options}
      onChange={setQ}
      onSelect={(v: string) => {
        const h = hits?.find((x) => `${x.kind}:${x.id}` === v);
        setQ('');
        if (h) navigate(hitPath(h));
      }}
      notFoundContent={q.trim() && hits && !loading ? t('registry.search.none') : null}
      popupMatchSelectWidth
    >
      <Input.Search size="large" allowClear loading={loading} autoFocus={autoFocus}
        placeholder={t('registry.search.placeholder')} enterButton />
    </AutoComplete>
    </div>
  );
}

export function RegistryShell({ children, title, extra }: { children: ReactNode; title?: ReactNode; extra?: ReactNode }) {
  const { t } = useTranslation();
  const phone = useIsPhone();
  const loc = useLocation();
  const navigate = useNavigate();
  const current = TABS.find((k) => loc.pathname.startsWith(`/registry/${k}`) || (k === 'buildings' && loc.pathname.startsWith('/registry/rooms')));
  const icons: Record<(typeof TABS)[number], ReactNode> = {
    persons: <UserOutlined />, households: <TeamOutlined />, buildings: <HomeOutlined />, entities: <BankOutlined />, rentals: <KeyOutlined />,
  };
  return (
    <div data-testid="registry-shell">
      <div style={{ background: '#fff', padding: phone ? 8 : 12, borderRadius: 8, marginBottom: phone ? 8 : 12, border: '1px solid #f0f0f0' }}>
        <RegistrySearch />
        <div style={{ overflowX: 'auto', marginTop: 8, WebkitOverflowScrolling: 'touch' }}>
          <Segmented
            data-testid="registry-tabs"
            value={current ?? ''}
            onChange={(v) => navigate(`/registry/${v as string}`)}
            options={TABS.map((k) => ({ value: k, label: <span data-testid={`registry-tab-${k}`}>{icons[k]} {t(`registry.tabs.${k}`)}</span> }))}
          />
        </div>
      </div>
      {(title || extra) && (
        <div style={{ display: 'flex', alignItems: 'center', flexWrap: 'wrap', gap: 8, marginBottom: 8 }}>
          {title && <Typography.Title level={phone ? 5 : 4} style={{ margin: 0 }}>{title}</Typography.Title>}
          {extra && <div style={{ marginLeft: 'auto', display: 'flex', gap: 8, flexWrap: 'wrap' }}>{extra}</div>}
        </div>
      )}
      {children}
    </div>
  );
}
