/**
 * The scaffolding every registry list repeats: filters in the URL and the filter form kept in
 * sync with them, column choice (remembered per list), loading with the old rows kept, and the
 * table/list pagination. A page declares its columns, its filter fields and how to load.
 */
import { Button, Form, List, Space, Table, type FormInstance } from 'antd';
import { useEffect, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useIsPhone, useLoad } from '../../lib/hooks';
import type { Paged } from './api';
import { ColumnChooser, useColumnChoice, type ColumnDef } from './shared';
import { useUrlFilters } from './useUrlFilters';

export interface ListColumn<T> extends ColumnDef { render(row: T): ReactNode }

export function useRegistryList<T>(opts: {
  list: string;
  columns: ListColumn<T>[];
  defaults: string[];
  load(q: Record<string, string | number>): Promise<Paged<T>>;
  /** URL strings → form values (numbers, booleans); identity by default */
  toForm?(filters: Record<string, string>): Record<string, unknown>;
}) {
  const { filters, page, pageSize, set, setPage } = useUrlFilters();
  const [form] = Form.useForm();
  useEffect(() => { form.resetFields(); form.setFieldsValue(opts.toForm ? opts.toForm(filters) : filters); }, [filters, form]); // eslint-disable-line react-hooks/exhaustive-deps
  const cols = useColumnChoice(opts.list, opts.columns, opts.defaults);
  const query = { ...filters, page, pageSize };
  const { data, error, loading, reload } = useLoad(() => opts.load(query), [JSON.stringify(query)]);
  const chooser = <ColumnChooser all={opts.columns} chosen={cols.chosen} onChange={cols.set} />;
  return { filters, page, pageSize, set, setPage, form, cols, chooser, data, error, loading, reload };
}

/** The filter form of a list: inline on a desktop, stacked on a phone; search and reset. */
export function FilterForm({ form, onSearch, children, testId }: { form: FormInstance; onSearch(v: Record<string, unknown>): void; children: ReactNode; testId?: string }) {
  const { t } = useTranslation();
  const phone = useIsPhone();
  return (
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
}

/** The rows: a table with the chosen columns on a desktop; on a phone, `phoneItem` cards if given. */
export function RegistryTable<T extends { id: string }>({ list, columns, testId, phoneItem }: {
  list: Pick<ReturnType<typeof useRegistryList<T>>, 'data' | 'loading' | 'page' | 'pageSize' | 'setPage' | 'cols'>;
  columns: ListColumn<T>[];
  testId: string;
  phoneItem?(row: T): ReactNode;
}) {
  const { t } = useTranslation();
  const phone = useIsPhone();
  const pagination = { current: list.page, pageSize: list.pageSize, total: list.data?.total ?? 0, onChange: list.setPage };
  if (phone && phoneItem) {
    return <List<T> data-testid={`${testId}-list`} loading={list.loading} dataSource={list.data?.items ?? []}
      pagination={{ ...pagination, size: 'small', showSizeChanger: false }} renderItem={(r) => <List.Item key={r.id}>{phoneItem(r)}</List.Item>} />;
  }
  return (
    <Table<T>
      data-testid={`${testId}-table`} rowKey="id" size="middle" loading={list.loading} dataSource={list.data?.items ?? []} scroll={{ x: 'max-content' }}
      pagination={{ ...pagination, showTotal: (n) => t('common.total', { count: n }), size: phone ? 'small' : undefined }}
      columns={list.cols.chosen.map((k) => {
        const c = columns.find((x) => x.key === k)!;
        return { key: k, title: c.label, fixed: c.fixed ? 'left' as const : undefined, render: (_: unknown, r: T) => c.render(r) };
      })}
    />
  );
}
