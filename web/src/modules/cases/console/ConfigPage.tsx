import {
  App, Alert, Button, Card, Col, DatePicker, Form, Input, InputNumber, Modal, Popconfirm, Radio, Row, Select, Space, Switch, Table, Tabs, Tag, TreeSelect, Typography,
} from 'antd';
import { DeleteOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useOrgs } from '../../../auth/orgs';
import { useSession } from '../../../auth/session';
import { OrgPicker } from '../../../components/OrgPicker';
import { ProblemAlert, problemText } from '../../../components/ProblemAlert';
import { isZh } from '../../../i18n';
import { applyFieldErrors } from '../../../lib/forms';
import { useIdempotencyKey, useLoad } from '../../../lib/hooks';
import { configApi, indicatorApi, type CalendarDay, type Category, type CategoryInput, type RoutingRule, type TimeUnit } from '../api';

const UNITS: TimeUnit[] = ['hours', 'working_hours', 'days', 'working_days'];

/** 事项分类与时限 / 派单规则 / 工作日历 / 其他设置 / 考评权重 of the caller's street. */
export function ConfigPage() {
  const { t } = useTranslation();
  return (
    <Card data-testid="cases-config" title={<Typography.Title level={4} style={{ margin: 0 }}>{t('cases.config.title')}</Typography.Title>}>
      <Tabs
        destroyOnHidden
        items={[
          { key: 'categories', label: t('cases.config.tabs.categories'), children: <CategoriesTab /> },
          { key: 'routing', label: t('cases.config.tabs.routing'), children: <RoutingTab /> },
          { key: 'calendar', label: t('cases.config.tabs.calendar'), children: <CalendarTab /> },
          { key: 'settings', label: t('cases.config.tabs.settings'), children: <SettingsTab /> },
          { key: 'weights', label: t('cases.config.tabs.weights'), children: <WeightsTab /> },
        ]}
      />
    </Card>
  );
}

function useWrite() {
  const { can } = useSession();
  return can('case.config');
}

type CategoryNode = Category & { children?: CategoryNode[] };

/** The categories as a tree (parent → children), each level sorted by `sort` then code. */
export function categoryTree(items: Category[]): CategoryNode[] {
  const byParent = new Map<string | null, Category[]>();
  const ids = new Set(items.map((c) => c.id));
  for (const c of items) {
    const p = c.parentId && ids.has(c.parentId) ? c.parentId : null;
    byParent.set(p, [...(byParent.get(p) ?? []), c]);
  }
  const build = (p: string | null, seen: Set<string>): CategoryNode[] => (byParent.get(p) ?? [])
    .filter((c) => !seen.has(c.id))
    .sort((a, b) => a.sort - b.sort || a.code.localeCompare(b.code))
    .map((c) => {
      const kids = build(c.id, new Set([...seen, c.id]));
      return kids.length ? { ...c, children: kids } : { ...c };
    });
  return build(null, new Set());
}

/** A category and everything below it (what may not become its parent). */
function subtreeIds(items: Category[], id: string): Set<string> {
  const out = new Set([id]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const c of items) if (c.parentId && out.has(c.parentId) && !out.has(c.id)) { out.add(c.id); grew = true; }
  }
  return out;
}

function CategoriesTab() {
  const { t, i18n } = useTranslation();
  const zh = isZh(i18n.language);
  const write = useWrite();
  const { message } = App.useApp();
  const { data, error, loading, reload } = useLoad(() => configApi.categories(), []);
  // undefined: closed; { category: null }: new; parent: a new child of it (its SLA as the default)
  const [editing, setEditing] = useState<{ category: Category | null; parent?: Category } | undefined>(undefined);
  const items = useMemo(() => data?.items ?? [], [data]);
  const tree = useMemo(() => categoryTree(items), [items]);
  const [expanded, setExpanded] = useState<readonly React.Key[] | null>(null);
  const allParents = useMemo(() => items.filter((c) => items.some((x) => x.parentId === c.id)).map((c) => c.id), [items]);
  const limit = (n: number, red: number | null, u: TimeUnit) => `${n}${red ? ` / ${red}` : ''} ${t(`cases.config.units.${u}`)}`;
  return (
    <>
      <ProblemAlert error={error} />
      <Space wrap style={{ marginBottom: 12 }}>
        {write && <Button data-testid="category-create" type="primary" icon={<PlusOutlined />} onClick={() => setEditing({ category: null })}>{t('cases.config.newCategory')}</Button>}
        <Typography.Text type="secondary">{t('cases.config.treeHelp')}</Typography.Text>
      </Space>
      <Table<CategoryNode>
        data-testid="categories-table"
        rowKey="id" size="small" loading={loading} dataSource={tree} pagination={false} scroll={{ x: 'max-content' }}
        expandable={{ expandedRowKeys: expanded ?? allParents, onExpandedRowsChange: (k) => setExpanded(k), indentSize: 20 }}
        onRow={(c) => ({ 'data-testid': 'category-row', 'data-code': c.code, 'data-parent': c.parentId ?? '' } as React.HTMLAttributes<HTMLElement>)}
        columns={[
          {
            title: t('common.name'), key: 'name', fixed: 'left', width: 240,
            render: (_: unknown, c) => (
              <span style={{ display: 'inline-block', verticalAlign: 'top' }}>
                <Typography.Text strong={!c.parentId}>{zh ? c.nameZh : c.nameEn}</Typography.Text>
                <div style={{ fontSize: 12, color: '#888' }}>{zh ? c.nameEn : c.nameZh}</div>
              </span>
            ),
          },
          { title: t('cases.config.code'), dataIndex: 'code', render: (v: string) => <Typography.Text code>{v}</Typography.Text> },
          { title: t('cases.config.accept'), key: 'a', render: (_: unknown, c) => limit(c.acceptLimit, c.acceptRed, c.acceptUnit) },
          { title: t('cases.config.respond'), key: 'r', render: (_: unknown, c) => limit(c.respondLimit, null, c.respondUnit) },
          { title: t('cases.config.handle'), key: 'h', render: (_: unknown, c) => <span data-testid="category-handle">{limit(c.handleLimit, c.handleRed, c.handleUnit)}</span> },
          { title: t('cases.config.verify'), key: 'v', render: (_: unknown, c) => limit(c.verifyLimit, null, c.verifyUnit) },
          { title: t('cases.config.escalateOnRed'), dataIndex: 'escalateOnRed', render: (v: boolean) => (v ? t('common.yes') : t('common.no')) },
          { title: t('cases.config.active'), dataIndex: 'active', render: (v: boolean) => <Tag color={v ? 'green' : 'default'}>{v ? t('common.active') : t('common.disabled')}</Tag> },
          ...(write ? [{
            title: t('common.actions'), key: 'x', fixed: 'right' as const, render: (_: unknown, c: Category) => (
              <Space size={0}>
                <Button size="small" type="link" icon={<EditOutlined />} data-testid="category-edit" onClick={() => setEditing({ category: c })}>{t('common.edit')}</Button>
                <Button size="small" type="link" icon={<PlusOutlined />} data-testid="category-add-child" onClick={() => setEditing({ category: null, parent: c })}>{t('cases.config.addChild')}</Button>
              </Space>
            ),
          }] : []),
        ]}
      />
      <CategoryModal category={editing?.category} parent={editing?.parent} open={editing !== undefined} all={items}
        onClose={() => setEditing(undefined)} onDone={() => { setEditing(undefined); message.success(t('common.saved')); reload(); }} />
    </>
  );
}

function CategoryModal({ category, parent, open, all, onClose, onDone }: {
  category: Category | null | undefined; parent?: Category; open: boolean; all: Category[]; onClose(): void; onDone(): void;
}) {
  const { t, i18n } = useTranslation();
  const zh = isZh(i18n.language);
  const [form] = Form.useForm<CategoryInput>();
  const { keyFor } = useIdempotencyKey();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    if (!open) return;
    setError(null);
    form.resetFields();
    // a new child starts with its parent's SLA profile (the usual case: same deadlines, finer name)
    const { id: _id, code: _code, nameZh: _zh, nameEn: _en, ...inherited } = parent ?? ({} as Partial<Category>);
    form.setFieldsValue(category ?? (parent ? { ...inherited, code: `${parent.code}.`, nameZh: '', nameEn: '', parentId: parent.id, sort: 100, active: true } : {
      code: '', nameZh: '', nameEn: '', parentId: null, sort: 100, active: true, acceptLimit: 1, acceptRed: 2, acceptUnit: 'working_days',
      respondLimit: 7, respondUnit: 'days', handleLimit: 5, handleRed: 10, handleUnit: 'working_days', verifyLimit: 2, verifyUnit: 'working_days',
      warnRatio: 0.75, escalateOnRed: false, duplicateWindowHours: 72,
    }));
  }, [open, category, parent, form]);
  // not itself nor anything below it: the server refuses cycles too
  const excluded = useMemo(() => (category ? subtreeIds(all, category.id) : new Set<string>()), [all, category]);
  const parentTree = useMemo(() => {
    type ParentOption = { value: string; title: string; disabled: boolean; children?: ParentOption[] };
    const map = (n: CategoryNode): ParentOption => ({
      value: n.id, title: zh ? n.nameZh : n.nameEn, disabled: excluded.has(n.id), children: n.children?.map(map),
    });
    return categoryTree(all).map(map);
  }, [all, excluded, zh]);
  const unitSel = <Select style={{ width: 110 }} options={UNITS.map((u) => ({ value: u, label: t(`cases.config.units.${u}`) }))} />;
  const stage = (key: 'accept' | 'respond' | 'handle' | 'verify', red: boolean) => (
    <Col xs={24} sm={12}>
      <Typography.Text strong>{t(`cases.config.${key}`)}</Typography.Text>
      <Space.Compact block style={{ marginTop: 4, marginBottom: 12 }}>
        <Form.Item name={`${key}Limit`} noStyle rules={[{ required: true }]}><InputNumber data-testid={`category-${key}-limit`} min={0.1} placeholder={t('cases.config.limit')} style={{ width: 90 }} /></Form.Item>
        {red && <Form.Item name={`${key}Red`} noStyle><InputNumber data-testid={`category-${key}-red`} min={0.1} placeholder={t('cases.config.red')} style={{ width: 90 }} /></Form.Item>}
        <Form.Item name={`${key}Unit`} noStyle>{unitSel}</Form.Item>
      </Space.Compact>
    </Col>
  );
  return (
    <Modal open={open} title={category ? t('cases.config.editCategory') : parent ? t('cases.config.newChild', { name: zh ? parent.nameZh : parent.nameEn }) : t('cases.config.newCategory')} onCancel={onClose} confirmLoading={busy} width={720} destroyOnHidden
      onOk={async () => {
        const v = await form.validateFields().catch(() => null); // invalid: antd shows why beside the fields
        if (!v) return;
        const body: CategoryInput = { ...v, parentId: v.parentId ?? null, acceptRed: v.acceptRed ?? null, handleRed: v.handleRed ?? null };
        setBusy(true); setError(null);
        try {
          if (category) await configApi.updateCategory(category.id, body); else await configApi.createCategory(body, keyFor(body));
          onDone();
        } catch (e) { setError(e); applyFieldErrors(form, e, zh); } finally { setBusy(false); }
      }}>
      <ProblemAlert error={error} />
      <Form form={form} layout="vertical" data-testid="category-form">
        <Row gutter={12}>
          <Col xs={24} sm={8}><Form.Item name="code" label={t('cases.config.code')} rules={[{ required: true, message: t('cases.dialog.required') }, { pattern: /^[a-z0-9_.-]{1,40}$/, message: t('cases.config.codeRule') }]}><Input data-testid="category-code" disabled={!!category} /></Form.Item></Col>
          <Col xs={24} sm={8}><Form.Item name="nameZh" label={t('cases.config.nameZh')} rules={[{ required: true, message: t('cases.dialog.required') }, { max: 50 }]}><Input data-testid="category-name-zh" /></Form.Item></Col>
          <Col xs={24} sm={8}><Form.Item name="nameEn" label={t('cases.config.nameEn')} rules={[{ required: true, message: t('cases.dialog.required') }, { max: 80 }]}><Input data-testid="category-name-en" /></Form.Item></Col>
          <Col xs={24} sm={12}>
            <Form.Item name="parentId" label={t('cases.config.parent')}>
              <TreeSelect data-testid="category-parent" allowClear treeDefaultExpandAll treeData={parentTree} placeholder={t('cases.config.topLevel')} />
            </Form.Item>
          </Col>
          <Col xs={12} sm={6}><Form.Item name="sort" label={t('cases.config.sort')}><InputNumber style={{ width: '100%' }} /></Form.Item></Col>
          <Col xs={12} sm={6}><Form.Item name="active" label={t('cases.config.active')} valuePropName="checked"><Switch /></Form.Item></Col>
          {stage('accept', true)}
          {stage('respond', false)}
          {stage('handle', true)}
          {stage('verify', false)}
          <Col xs={12} sm={8}><Form.Item name="warnRatio" label={t('cases.config.warnRatio')}><InputNumber min={0.05} max={0.95} step={0.05} style={{ width: '100%' }} /></Form.Item></Col>
          <Col xs={12} sm={8}><Form.Item name="duplicateWindowHours" label={t('cases.config.duplicateWindowHours')}><InputNumber min={0} max={8760} style={{ width: '100%' }} /></Form.Item></Col>
          <Col xs={12} sm={8}><Form.Item name="escalateOnRed" label={t('cases.config.escalateOnRed')} valuePropName="checked"><Switch /></Form.Item></Col>
        </Row>
      </Form>
    </Modal>
  );
}

function RoutingTab() {
  const { t, i18n } = useTranslation();
  const zh = isZh(i18n.language);
  const write = useWrite();
  const { message } = App.useApp();
  const { byId } = useOrgs();
  const rules = useLoad(() => configApi.rules(), []);
  const cats = useLoad(() => configApi.categories(), []);
  const [editing, setEditing] = useState<RoutingRule | null | undefined>(undefined);
  const catName = (id: string | null) => (id ? (cats.data?.items.find((c) => c.id === id)?.[zh ? 'nameZh' : 'nameEn'] ?? id) : t('cases.config.anyCategory'));
  const orgName = (id: string | null, none: string) => (id ? byId.get(id)?.name ?? id : none);
  return (
    <>
      <Alert type="info" showIcon style={{ marginBottom: 12 }} message={t('cases.config.routingHelp')} />
      <ProblemAlert error={rules.error} />
      {write && <Button data-testid="rule-create" type="primary" icon={<PlusOutlined />} style={{ marginBottom: 12 }} onClick={() => setEditing(null)}>{t('cases.config.newRule')}</Button>}
      <Table<RoutingRule>
        data-testid="rules-table"
        rowKey="id" size="small" loading={rules.loading} dataSource={rules.data?.items ?? []} pagination={false} scroll={{ x: 'max-content' }}
        columns={[
          { title: t('cases.config.priority'), dataIndex: 'priority' },
          { title: t('cases.config.ruleCategory'), dataIndex: 'categoryId', render: catName },
          { title: t('cases.config.area'), dataIndex: 'areaOrgId', render: (v: string | null) => orgName(v, t('cases.config.anyArea')) },
          { title: t('cases.config.target'), dataIndex: 'targetOrgId', render: (v: string | null) => orgName(v, t('cases.config.fallback')) },
          { title: t('cases.config.autoDispatch'), dataIndex: 'autoDispatch', render: (v: boolean) => (v ? <Tag color="blue">{t('common.yes')}</Tag> : t('common.no')) },
          { title: t('cases.config.active'), dataIndex: 'active', render: (v: boolean) => <Tag color={v ? 'green' : 'default'}>{v ? t('common.active') : t('common.disabled')}</Tag> },
          { title: t('cases.config.note'), dataIndex: 'note', render: (v: string | null) => v ?? '' },
          ...(write ? [{
            title: t('common.actions'), key: 'x', render: (_: unknown, r: RoutingRule) => (
              <Space size={0}>
                <Button size="small" type="link" icon={<EditOutlined />} onClick={() => setEditing(r)}>{t('common.edit')}</Button>
                <Popconfirm title={t('cases.config.deleteConfirm')} onConfirm={async () => {
                  try { await configApi.deleteRule(r.id); message.success(t('common.saved')); rules.reload(); } catch (e) { message.error(problemText(e, i18n.language)); }
                }}>
                  <Button size="small" type="link" danger icon={<DeleteOutlined />}>{t('common.delete')}</Button>
                </Popconfirm>
              </Space>
            ),
          }] : []),
        ]}
      />
      <RuleModal rule={editing} categories={cats.data?.items ?? []} onClose={() => setEditing(undefined)} onDone={() => { setEditing(undefined); message.success(t('common.saved')); rules.reload(); }} />
    </>
  );
}

function RuleModal({ rule, categories, onClose, onDone }: { rule: RoutingRule | null | undefined; categories: Category[]; onClose(): void; onDone(): void }) {
  const { t, i18n } = useTranslation();
  const zh = isZh(i18n.language);
  const [form] = Form.useForm();
  const { keyFor } = useIdempotencyKey();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const open = rule !== undefined;
  useEffect(() => {
    if (!open) return;
    setError(null);
    form.resetFields();
    form.setFieldsValue(rule ?? { priority: 100, categoryId: null, areaOrgId: null, targetOrgId: null, autoDispatch: false, active: true, note: '' });
  }, [open, rule, form]);
  return (
    <Modal open={open} title={rule ? t('cases.config.editRule') : t('cases.config.newRule')} onCancel={onClose} confirmLoading={busy} destroyOnHidden
      onOk={async () => {
        const v = await form.validateFields().catch(() => null); // invalid: antd shows why beside the fields
        if (!v) return;
        const body = { priority: v.priority, categoryId: v.categoryId ?? null, areaOrgId: v.areaOrgId ?? null, targetOrgId: v.targetOrgId ?? null, autoDispatch: !!v.autoDispatch, active: !!v.active, note: v.note?.trim() || null };
        setBusy(true); setError(null);
        try {
          if (rule) await configApi.updateRule(rule.id, body); else await configApi.createRule(body, keyFor(body));
          onDone();
        } catch (e) { setError(e); applyFieldErrors(form, e, zh); } finally { setBusy(false); }
      }}>
      <ProblemAlert error={error} />
      <Form form={form} layout="vertical">
        <Form.Item name="priority" label={t('cases.config.priority')} rules={[{ required: true }]}><InputNumber min={0} max={1000000} /></Form.Item>
        <Form.Item name="categoryId" label={t('cases.config.ruleCategory')}>
          <Select allowClear placeholder={t('cases.config.anyCategory')} options={categories.map((c) => ({ value: c.id, label: zh ? c.nameZh : c.nameEn }))} />
        </Form.Item>
        <Form.Item name="areaOrgId" label={t('cases.config.area')}><OrgPicker allowClear placeholder={t('cases.config.anyArea')} maxDepthKinds={['district', 'street', 'community', 'grid']} /></Form.Item>
        <Form.Item name="targetOrgId" label={t('cases.config.target')}><OrgPicker allowClear placeholder={t('cases.config.fallback')} maxDepthKinds={['district', 'street', 'community', 'department', 'grid']} /></Form.Item>
        <Space size="large">
          <Form.Item name="autoDispatch" label={t('cases.config.autoDispatch')} valuePropName="checked"><Switch /></Form.Item>
          <Form.Item name="active" label={t('cases.config.active')} valuePropName="checked"><Switch /></Form.Item>
        </Space>
        <Form.Item name="note" label={t('cases.config.note')} rules={[{ max: 200 }]}><Input maxLength={200} /></Form.Item>
      </Form>
    </Modal>
  );
}

function CalendarTab() {
  const { t, i18n } = useTranslation();
  const write = useWrite();
  const { message } = App.useApp();
  const [year, setYear] = useState(dayjs().year());
  const { data, error, loading, reload } = useLoad(() => configApi.calendar(year), [year]);
  const [form] = Form.useForm();
  const [busy, setBusy] = useState(false);
  const years = useMemo(() => Array.from({ length: 5 }, (_, i) => dayjs().year() - 1 + i), []);
  const save = async (days: CalendarDay[], remove: string[]) => {
    setBusy(true);
    try { await configApi.putCalendar(days, remove); message.success(t('common.saved')); reload(); } catch (e) { message.error(problemText(e, i18n.language)); } finally { setBusy(false); }
  };
  return (
    <>
      <Alert type="info" showIcon style={{ marginBottom: 12 }} message={t('cases.config.calendarHelp')} />
      <ProblemAlert error={error} />
      <Space wrap style={{ marginBottom: 12 }}>
        <span>{t('cases.config.year')}</span>
        <Select value={year} onChange={setYear} options={years.map((y) => ({ value: y, label: y }))} style={{ width: 100 }} />
      </Space>
      {write && (
        <Form form={form} layout="inline" style={{ marginBottom: 12, rowGap: 8 }} data-testid="calendar-form"
          onFinish={async (v) => {
            const [a, b] = v.range as [dayjs.Dayjs, dayjs.Dayjs];
            const days: CalendarDay[] = [];
            for (let d = a.startOf('day'); !d.isAfter(b, 'day'); d = d.add(1, 'day')) days.push({ day: d.format('YYYY-MM-DD'), kind: v.kind, name: v.name?.trim() || null });
            await save(days, []);
            form.resetFields(['range', 'name']);
          }}>
          <Form.Item name="range" rules={[{ required: true, message: t('cases.config.pickDays') }]}><DatePicker.RangePicker data-testid="calendar-range" /></Form.Item>
          <Form.Item name="kind" initialValue="holiday">
            <Radio.Group optionType="button" options={[{ value: 'holiday', label: t('cases.config.holiday') }, { value: 'workday', label: t('cases.config.workday') }]} />
          </Form.Item>
          <Form.Item name="name"><Input data-testid="calendar-name" placeholder={t('cases.config.dayName')} maxLength={50} style={{ width: 160 }} /></Form.Item>
          <Form.Item><Button data-testid="calendar-add" type="primary" htmlType="submit" loading={busy} icon={<PlusOutlined />}>{t('cases.config.addDay')}</Button></Form.Item>
        </Form>
      )}
      <Table<CalendarDay>
        data-testid="calendar-table"
        rowKey="day" size="small" loading={loading} dataSource={data?.items ?? []} pagination={false}
        columns={[
          { title: t('cases.config.day'), dataIndex: 'day', render: (d: string) => `${d}（${dayjs(d).format('ddd')}）` },
          { title: t('common.status'), dataIndex: 'kind', render: (k: string) => <Tag color={k === 'holiday' ? 'red' : 'blue'}>{t(`cases.config.${k}`)}</Tag> },
          { title: t('cases.config.dayName'), dataIndex: 'name', render: (v: string | null) => v ?? '' },
          ...(write ? [{ title: t('common.actions'), key: 'x', render: (_: unknown, d: CalendarDay) => <Button size="small" type="link" onClick={() => save([], [d.day])}>{t('cases.config.removeDay')}</Button> }] : []),
        ]}
      />
    </>
  );
}

function SettingsTab() {
  const { t, i18n } = useTranslation();
  const write = useWrite();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const { data, error } = useLoad(() => configApi.settings(), []);
  useEffect(() => { if (data) form.setFieldsValue(data); }, [data, form]);
  return (
    <>
      <ProblemAlert error={error} />
      <Form form={form} layout="vertical" style={{ maxWidth: 520 }} disabled={!write}
        onFinish={async (v) => { try { await configApi.putSettings(v); message.success(t('common.saved')); } catch (e) { message.error(problemText(e, i18n.language)); } }}>
        <Form.Item name="duplicateRadiusM" label={t('cases.config.duplicateRadiusM')}><InputNumber min={0} max={10000} /></Form.Item>
        <Form.Item name="recurrenceThreshold" label={t('cases.config.recurrenceThreshold')}><InputNumber min={2} max={1000} /></Form.Item>
        <Form.Item name="recurrenceWindowDays" label={t('cases.config.recurrenceWindowDays')}><InputNumber min={1} max={366} /></Form.Item>
        <Form.Item name="sensitiveTags" label={t('cases.config.sensitiveTags')}><Select mode="tags" /></Form.Item>
        {write && <Button type="primary" htmlType="submit">{t('common.save')}</Button>}
      </Form>
    </>
  );
}

/** The weights of 响应率/解决率/满意率 in the score and what each callback answer counts (per street). */
function WeightsTab() {
  const { t, i18n } = useTranslation();
  const write = useWrite();
  const { me } = useSession();
  const { byId } = useOrgs();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  // the street of the caller's first scope (settings are per street)
  const streetId = useMemo(() => {
    const first = me?.scopes[0];
    if (!first) return undefined;
    let o = byId.get(first.orgId);
    while (o && o.kind !== 'street' && o.parentId) o = byId.get(o.parentId);
    return o?.kind === 'street' ? o.id : first.orgId;
  }, [me, byId]);
  const { data, error } = useLoad(() => indicatorApi.config(streetId), [streetId]);
  useEffect(() => { if (data) form.setFieldsValue({ weights: data.weights, scores: data.scores }); }, [data, form]);
  return (
    <>
      <ProblemAlert error={error} />
      <Form form={form} layout="vertical" style={{ maxWidth: 520 }} disabled={!write}
        onFinish={async (v) => {
          try { await indicatorApi.putConfig({ orgId: streetId!, weights: v.weights, scores: v.scores }); message.success(t('common.saved')); } catch (e) { message.error(problemText(e, i18n.language)); }
        }}>
        <Row gutter={12}>
          <Col span={8}><Form.Item name={['weights', 'response']} label={t('cases.config.weightResponse')}><InputNumber min={0} max={100} step={0.05} /></Form.Item></Col>
          <Col span={8}><Form.Item name={['weights', 'resolution']} label={t('cases.config.weightResolution')}><InputNumber min={0} max={100} step={0.05} /></Form.Item></Col>
          <Col span={8}><Form.Item name={['weights', 'satisfaction']} label={t('cases.config.weightSatisfaction')}><InputNumber min={0} max={100} step={0.05} /></Form.Item></Col>
          <Col span={8}><Form.Item name={['scores', 'satisfied']} label={t('cases.config.scoreSatisfied')}><InputNumber min={0} max={1} step={0.1} /></Form.Item></Col>
          <Col span={8}><Form.Item name={['scores', 'basically_satisfied']} label={t('cases.config.scoreBasically')}><InputNumber min={0} max={1} step={0.1} /></Form.Item></Col>
          <Col span={8}><Form.Item name={['scores', 'unsatisfied']} label={t('cases.config.scoreUnsatisfied')}><InputNumber min={0} max={1} step={0.1} /></Form.Item></Col>
        </Row>
        {write && <Button type="primary" htmlType="submit" disabled={!streetId}>{t('common.save')}</Button>}
      </Form>
    </>
  );
}
