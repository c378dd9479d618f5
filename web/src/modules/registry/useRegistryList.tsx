/**
 * The scaffolding every registry list repeats: filters in the URL and the filter form kept in
 * sync with them, column choice (remembered per list), loading with the old rows kept, the
 * table/list pagination, export of what is listed, the phone layout (cards, filters behind a
 * button) and a detail drawer whose record is in the URL (`?id=…`, so a link can open it).
 * A page declares its columns, its filter fields, how to load and what a phone card shows.
 */
import { Button, Card, ConfigProvider, Form, List, Space, Table, Typography, type FormInstance } from 'antd';
import { FilterOutlined } from '@ant-design/icons';
import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { OrgPicker } from '../../components/OrgPicker';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useIsPhone, useLoad } from '../../lib/hooks';
import type { ListKind, Paged } from './api';
import { RegistryShell } from './RegistryShell';
import { ColumnChooser, ExportButton, useColumnChoice, type ColumnDef } from './shared';
import { useUrlFilters } from './useUrlFilters';

export interface ListColumn<T> extends ColumnDef { render(row: T): ReactNode }

/** The URL parameter naming the record open in a list's detail drawer; never a list filter. */
const DETAIL = 'id';

export function useRegistryList<T>(opts: {
  list: string;
  columns: ListColumn<T>[];
  defaults: string[];
  load(q: Record<string, string | number>): Promise<Paged<T>>;
  /** URL strings → form values (numbers, booleans); identity by default */
  toForm?(filters: Record<string, string>): Record<string, unknown>;
  /** ask the server for the chosen columns only (`fields=…`, for the list and its export) */
  fields?: boolean;
}) {
  const { filters: params, page, pageSize, set, setPage } = useUrlFilters();
  const detailId = params[DETAIL] ?? null;
  const filters = useMemo(() => { const { [DETAIL]: _, ...f } = params; return f; }, [params]);
  const [form] = Form.useForm();
  useEffect(() => { form.resetFields(); form.setFieldsValue(opts.toForm ? opts.toForm(filters) : filters); }, [filters, form]); // eslint-disable-line react-hooks/exhaustive-deps
  const cols = useColumnChoice(opts.list, opts.columns, opts.defaults);
  const exportQuery = { ...filters, page: undefined, pageSize: undefined, ...(opts.fields && { fields: cols.chosen.join(',') }) };
  const query = { ...exportQuery, page, pageSize } as Record<string, string | number>;
  const { data, error, loading, reload } = useLoad(() => opts.load(query), [JSON.stringify(query)]);
  const chooser = <ColumnChooser all={opts.columns} chosen={cols.chosen} onChange={cols.set} />;
  /** the filter form's values → the URL (back to page 1; an open drawer closes) */
  const search = (v: Record<string, unknown>) => set(v as Record<string, string | number | undefined>);
  /** opens (or, with null, closes) the detail drawer, keeping the filters and the page */
  const openDetail = (id: string | null) => set({ ...params, [DETAIL]: id ?? undefined }, true);
  return { filters, page, pageSize, set, setPage, search, form, cols, chooser, exportQuery, data, error, loading, reload, detailId, openDetail };
}

export type RegistryList<T> = ReturnType<typeof useRegistryList<T>>;

/** The filter form of a list: inline on a desktop, stacked on a phone; search and reset. */
export function FilterForm({ form, onSearch, children, testId }: { form: FormInstance; onSearch(v: Record<string, unknown>): void; children: ReactNode; testId?: string }) {
  const { t } = useTranslation();
  const phone = useIsPhone();
  const body = (
    <Form form={form} layout={phone ? 'vertical' : 'inline'} style={{ rowGap: 8, marginBottom: 12 }} data-testid={testId}
      onFinish={(v: Record<string, unknown>) => onSearch(Object.fromEntries(Object.entries(v).map(([k, x]) => [k, typeof x === 'string' ? x.trim() : x])))}>
      {children}
      <Form.Item style={{ marginInlineEnd: 0 }}>
        <Space>
          <Button type="primary" htmlType="submit" data-testid={testId ? `${testId}-submit` : undefined}>{t('common.search')}</Button>
          <Button onClick={() => { form.resetFields(); onSearch({}); }}>{t('common.reset')}</Button>
        </Space>
      </Form.Item>
    </Form>
  );
  // stacked on a phone, the fields sit close together (the form's usual 24px is for entry forms)
  return phone ? <ConfigProvider theme={{ components: { Form: { itemMarginBottom: 10 } } }}>{body}</ConfigProvider> : body;
}

/** The rows: a table with the chosen columns on a desktop; on a phone, `phoneItem` cards if given. */
export function RegistryTable<T extends { id: string }>({ list, columns, testId, phoneItem, tail = [] }: {
  list: Pick<RegistryList<T>, 'data' | 'loading' | 'page' | 'pageSize' | 'setPage' | 'cols'>;
  columns: ListColumn<T>[];
  testId: string;
  phoneItem?(row: T): ReactNode;
  /** columns always shown after the chosen ones (actions), not offered in the chooser */
  tail?: ListColumn<T>[];
}) {
  const { t } = useTranslation();
  const phone = useIsPhone();
  const pagination = { current: list.page, pageSize: list.pageSize, total: list.data?.total ?? 0, onChange: list.setPage };
  if (phone && phoneItem) {
    return <List<T> data-testid={`${testId}-list`} loading={list.loading} dataSource={list.data?.items ?? []}
      pagination={{ ...pagination, size: 'small', showSizeChanger: false }} renderItem={(r) => <List.Item key={r.id}>{phoneItem(r)}</List.Item>} />;
  }
  const shown = [...list.cols.chosen.map((k) => columns.find((x) => x.key === k)).filter((c): c is ListColumn<T> => !!c), ...tail];
  return (
    <Table<T>
      data-testid={`${testId}-table`} rowKey="id" size="middle" loading={list.loading} dataSource={list.data?.items ?? []} scroll={{ x: 'max-content' }}
      pagination={{ ...pagination, showTotal: (n) => t('common.total', { count: n }), size: phone ? 'small' : undefined }}
      columns={shown.map((c) => ({ key: c.key, title: c.label, fixed: c.fixed ? 'left' as const : undefined, render: (_: unknown, r: T) => c.render(r) }))}
    />
  );
}

/**
 * A record as a card in a phone list: a link (or a button for a drawer) with a bold title, grey
 * details beside it, a tag at the right and a second grey line.
 */
export function PhoneItem({ to, onClick, testId, icon, title, meta, tag, sub, children }: {
  to?: string; onClick?(): void; testId: string; icon?: ReactNode; title: ReactNode; meta?: ReactNode; tag?: ReactNode; sub?: ReactNode; children?: ReactNode;
}) {
  const body = (
    <>
      <div style={{ display: 'flex', alignItems: 'center', gap: 6 }}>
        {icon}
        <Typography.Text strong style={{ fontSize: 16 }}>{title}</Typography.Text>
        {meta && <Typography.Text type="secondary">{meta}</Typography.Text>}
        {tag && <span style={{ marginInlineStart: 'auto' }}>{tag}</span>}
      </div>
      {sub && <Typography.Text type="secondary" style={{ fontSize: 12 }}>{sub}</Typography.Text>}
      {children}
    </>
  );
  const style = { display: 'block', width: '100%', color: 'inherit', padding: '2px 0' } as const;
  return to
    ? <Link to={to} style={style} data-testid={testId}>{body}</Link>
    : <div role="button" tabIndex={0} onClick={onClick} onKeyDown={(e) => { if (e.key === 'Enter') onClick?.(); }} style={{ ...style, cursor: 'pointer' }} data-testid={testId}>{body}</div>;
}

/** Filters, problem and rows of a list (the part a page inside tabs uses too). */
export function ListBody<T extends { id: string }>({ list, columns, testId, filters, phoneItem, tail, collapseOnPhone }: {
  list: RegistryList<T>; columns: ListColumn<T>[]; testId: string; filters: ReactNode; phoneItem?(row: T): ReactNode; tail?: ListColumn<T>[];
  /** on a phone the filters wait behind a button (see ListToolbar) */
  collapseOnPhone?: { shown: boolean };
}) {
  return (
    <>
      {(!collapseOnPhone || collapseOnPhone.shown) && <FilterForm form={list.form} onSearch={list.search} testId={`${testId}-filter`}>{filters}</FilterForm>}
      <ProblemAlert error={list.error} />
      <RegistryTable list={list} columns={columns} testId={testId} phoneItem={phoneItem} tail={tail} />
    </>
  );
}

/**
 * A whole registry list page: the shell with the page's own actions, the filter toggle on a
 * phone (when the filters are many), the column chooser (not beside phone cards), the export of
 * what is listed; then the card with filters and rows. `children` go between (dialogs, drawers).
 */
export function RegistryListPage<T extends { id: string }>({ list, kind, title, testId, columns, filters, actions, phoneItem, tail, collapseFiltersOnPhone, children }: {
  list: RegistryList<T>; kind: ListKind; title: ReactNode; testId: string; columns: ListColumn<T>[]; filters: ReactNode;
  actions?: ReactNode; phoneItem?(row: T): ReactNode; tail?: ListColumn<T>[]; collapseFiltersOnPhone?: boolean; children?: ReactNode;
}) {
  const { t } = useTranslation();
  const phone = useIsPhone();
  const [shown, setShown] = useState(!phone);
  const collapsible = phone && !!collapseFiltersOnPhone;
  return (
    <RegistryShell title={title} extra={<>
      {actions}
      {collapsible && <Button icon={<FilterOutlined />} data-testid={`${testId}-filter-toggle`} onClick={() => setShown((s) => !s)}>{t('registry.common.filter')}</Button>}
      {!(phone && phoneItem) && list.chooser}
      <ExportButton kind={kind} query={list.exportQuery} />
    </>}>
      {children}
      <Card size="small" data-testid={`${testId}-page`}>
        <ListBody list={list} columns={columns} testId={testId} filters={filters} phoneItem={phoneItem} tail={tail} collapseOnPhone={collapsible ? { shown } : undefined} />
      </Card>
    </RegistryShell>
  );
}

/** The organisation filter every list has (district down to grid). */
export function OrgFilter() {
  const { t } = useTranslation();
  const phone = useIsPhone();
  return (
    <Form.Item name="orgId" style={{ minWidth: phone ? undefined : 220 }}>
      <OrgPicker allowClear placeholder={t('registry.common.org')} maxDepthKinds={['district', 'street', 'community', 'grid']} />
    </Form.Item>
  );
}
