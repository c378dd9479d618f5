/**
 * The import wizard: choose what to import → download the template → upload → preview (every
 * row's problems, nothing written) → commit the good rows as a background job → progress →
 * download the bad rows as a sheet. Re-running the same file changes nothing (the server dedupes).
 */
import { Alert, App, Button, Card, Col, Progress, Radio, Result, Row, Space, Statistic, Steps, Table, Tag, Typography, Upload } from 'antd';
import { CheckCircleTwoTone, CloseCircleTwoTone, DownloadOutlined, FileExcelOutlined, InboxOutlined, UploadOutlined } from '@ant-design/icons';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSession } from '../../../auth/session';
import { OrgPicker } from '../../../components/OrgPicker';
import { ProblemAlert, problemText } from '../../../components/ProblemAlert';
import { isZh } from '../../../i18n';
import { fmtTime } from '../../../lib/format';
import { useIdempotencyKey, useIsPhone, useLoad } from '../../../lib/hooks';
import { download, registryApi, type ImportJob, type ImportKind, type ImportPreview, type RowIssue } from '../api';

const KINDS: ImportKind[] = ['persons', 'households', 'rooms', 'rentals', 'entities'];

export function ImportPage() {
  const { t, i18n } = useTranslation();
  const zh = isZh(i18n.language);
  const phone = useIsPhone();
  const { me } = useSession();
  const { message } = App.useApp();
  const [step, setStep] = useState(0);
  const [kind, setKind] = useState<ImportKind>('persons');
  const [orgId, setOrgId] = useState<string | undefined>(me?.scopes[0]?.orgId);
  const [file, setFile] = useState<File | null>(null);
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  const [job, setJob] = useState<ImportJob | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const idem = useIdempotencyKey();
  const jobs = useLoad(() => registryApi.jobs(), [job?.status]);
  const poll = useRef<ReturnType<typeof setTimeout> | null>(null);

  useEffect(() => () => { if (poll.current) clearTimeout(poll.current); }, []);

  const dl = async (url: string, name: string) => {
    try { await download(url, name); } catch (e) { message.error(problemText(e, i18n.language)); }
  };

  const runPreview = async () => {
    if (!file) { message.warning(t('registry.import.needFile')); return; }
    setBusy(true);
    setError(null);
    try {
      setPreview(await registryApi.preview(kind, file, orgId));
      setStep(2);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const follow = (id: string) => {
    const tick = async () => {
      try {
        const j = await registryApi.job(id);
        setJob(j);
        if (j.status === 'queued' || j.status === 'running') poll.current = setTimeout(() => void tick(), 800);
      } catch (e) {
        setError(e);
      }
    };
    void tick();
  };

  const commit = async () => {
    if (!file) return;
    setBusy(true);
    setError(null);
    try {
      const j = await registryApi.commit(kind, file, orgId, idem.keyFor({ kind, orgId, name: file.name, size: file.size, modified: file.lastModified }));
      setJob(j);
      setStep(3);
      follow(j.id);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const restart = () => {
    setFile(null); setPreview(null); setJob(null); setError(null); idem.reset(); setStep(1);
  };

  const issueColumns = [
    { title: t('registry.import.row'), dataIndex: 'row', width: 70 },
    { title: t('registry.import.column'), dataIndex: 'column' },
    { title: t('registry.import.value'), dataIndex: 'value', render: (v?: string) => v ?? '—' },
    { title: t('registry.import.reason'), key: 'reason', render: (_: unknown, i: RowIssue) => (zh ? i.reason_zh : i.reason) },
    { title: t('registry.import.severity'), dataIndex: 'severity', render: (s: RowIssue['severity']) => <Tag color={s === 'error' ? 'red' : 'orange'}>{t(`registry.import.${s}`)}</Tag> },
  ];

  const stats = useMemo(() => {
    if (!preview) return null;
    const issues = preview.rows.flatMap((r) => r.issues);
    return {
      good: preview.rows.filter((r) => r.ok).length,
      bad: preview.rows.filter((r) => !r.ok).length,
      warnings: issues.filter((i) => i.severity === 'warning').length,
      issues,
    };
  }, [preview]);

  const chooseType = (
    <div data-testid="import-step-type">
      <Typography.Text strong>{t('registry.import.type')}</Typography.Text>
      <Radio.Group value={kind} onChange={(e) => setKind(e.target.value)} style={{ display: 'flex', flexWrap: 'wrap', gap: 8, margin: '8px 0 16px' }}
        optionType="button" buttonStyle="solid" data-testid="import-kind"
        options={KINDS.map((k) => ({ value: k, label: <span data-testid={`import-kind-${k}`}>{t(`registry.import.kinds.${k}`)}</span> }))} />
      <Typography.Text strong>{t('registry.import.org')}</Typography.Text>
      <div style={{ margin: '8px 0 16px', maxWidth: 420 }}>
        <OrgPicker value={orgId} onChange={setOrgId} testId="import-org" maxDepthKinds={['district', 'street', 'community', 'grid']} />
      </div>
      <Typography.Text strong>{t('registry.import.template')}</Typography.Text>
      <Space wrap style={{ display: 'flex', margin: '8px 0 16px' }}>
        <Button data-testid="template-xlsx" icon={<FileExcelOutlined />} onClick={() => void dl(registryApi.templateUrl(kind, 'xlsx'), `${kind}.xlsx`)}>{t('registry.import.templateXlsx')}</Button>
        <Button data-testid="template-csv" icon={<DownloadOutlined />} onClick={() => void dl(registryApi.templateUrl(kind, 'csv'), `${kind}.csv`)}>{t('registry.import.templateCsv')}</Button>
      </Space>
      <Button type="primary" data-testid="import-next" onClick={() => setStep(1)}>{t('common.confirm')}</Button>
    </div>
  );

  const uploadStep = (
    <div data-testid="import-step-upload">
      <Upload.Dragger
        data-testid="import-upload"
        accept=".xlsx,.csv"
        multiple={false}
        maxCount={1}
        fileList={file ? [{ uid: '1', name: file.name, status: 'done', size: file.size }] : []}
        beforeUpload={(f) => { setFile(f); setPreview(null); setError(null); return false; }}
        onRemove={() => { setFile(null); return true; }}
      >
        <p className="ant-upload-drag-icon"><InboxOutlined /></p>
        <p className="ant-upload-text">{t('registry.import.upload')}</p>
        <p className="ant-upload-hint">{t('registry.import.uploadHint')}</p>
      </Upload.Dragger>
      <Space style={{ marginTop: 16 }}>
        <Button onClick={() => setStep(0)}>{t('registry.import.back')}</Button>
        <Button type="primary" data-testid="import-preview" icon={<UploadOutlined />} loading={busy} disabled={!file} onClick={() => void runPreview()}>
          {busy ? t('registry.import.previewing') : t('registry.import.preview')}
        </Button>
      </Space>
    </div>
  );

  const previewStep = preview && stats && (
    <div data-testid="import-step-preview">
      <Row gutter={[8, 8]} style={{ marginBottom: 12 }}>
        <Col xs={8}><Card size="small"><Statistic title={t('registry.import.rows')} value={preview.previewed} suffix={preview.truncated ? '+' : ''} /></Card></Col>
        <Col xs={8}><Card size="small"><Statistic data-testid="preview-good" title={<><CheckCircleTwoTone twoToneColor="#52c41a" /> {t('registry.import.good')}</>} value={stats.good} /></Card></Col>
        <Col xs={8}><Card size="small"><Statistic data-testid="preview-bad" title={<><CloseCircleTwoTone twoToneColor="#ff4d4f" /> {t('registry.import.bad')}</>} value={stats.bad} valueStyle={{ color: stats.bad ? '#cf1322' : undefined }} /></Card></Col>
      </Row>
      {preview.unknownHeaders.length > 0 && (
        <Alert type="warning" showIcon style={{ marginBottom: 8 }} message={`${zh ? '未识别的列（将忽略）' : 'Unknown columns (ignored)'}：${preview.unknownHeaders.join('、')}`} />
      )}
      {stats.issues.length ? (
        <Table<RowIssue> data-testid="preview-issues" size="small" rowKey={(i) => `${i.row}-${i.column}-${i.reason}`} dataSource={stats.issues}
          columns={issueColumns} pagination={{ pageSize: 10, hideOnSinglePage: true }} scroll={{ x: 'max-content' }} style={{ marginBottom: 12 }}
          onRow={(i) => ({ 'data-row': i.row } as React.HTMLAttributes<HTMLElement>)} />
      ) : <Alert type="success" showIcon message={t('registry.import.noIssues')} style={{ marginBottom: 12 }} />}
      <Table
        data-testid="preview-rows" size="small" rowKey="row" dataSource={preview.rows} pagination={{ pageSize: 10, hideOnSinglePage: true }} scroll={{ x: 'max-content' }}
        rowClassName={(r) => (r.ok ? '' : 'rz-bad-row')}
        onRow={(r) => ({ 'data-row': r.row, 'data-ok': String(r.ok), style: r.ok ? undefined : { background: '#fff1f0' } } as React.HTMLAttributes<HTMLElement>)}
        columns={[
          { title: t('registry.import.row'), dataIndex: 'row', width: 60, fixed: phone ? undefined : 'left' as const },
          { title: '', key: 'ok', width: 36, render: (_: unknown, r) => (r.ok ? <CheckCircleTwoTone twoToneColor="#52c41a" /> : <CloseCircleTwoTone twoToneColor="#ff4d4f" />) },
          ...preview.columns.map((c) => ({ title: c.header, key: c.key, render: (_: unknown, r: ImportPreview['rows'][number]) => r.cells[c.key] ?? '' })),
        ]}
      />
      <Space style={{ marginTop: 12 }} wrap>
        <Button onClick={() => setStep(1)}>{t('registry.import.back')}</Button>
        <Button type="primary" data-testid="import-commit" loading={busy} disabled={stats.good === 0} onClick={() => void commit()}>
          {t('registry.import.commit')}
        </Button>
      </Space>
    </div>
  );

  const running = job && (job.status === 'queued' || job.status === 'running');
  const commitStep = job && (
    <div data-testid="import-step-commit" data-status={job.status}>
      {running ? (
        <div style={{ padding: '24px 0' }}>
          <Typography.Text>{t('registry.import.committing')}</Typography.Text>
          <Progress data-testid="import-progress" percent={Math.round(job.progress)} status="active" />
          <Typography.Text type="secondary">{t('registry.import.progress', { done: job.processedRows, total: job.totalRows || '…' })}</Typography.Text>
        </div>
      ) : (
        <Result
          status={job.status === 'done' ? (job.badRows ? 'warning' : 'success') : 'error'}
          title={<span data-testid="import-result-title">{job.status === 'done' ? t('registry.import.done') : t('registry.import.failed')}</span>}
          subTitle={job.failure ?? undefined}
          extra={[
            ...(job.badRows || job.warnings ? [
              <Button key="bad" data-testid="import-download-bad" icon={<DownloadOutlined />} type="primary" danger
                onClick={() => void dl(registryApi.reportUrl(job.id), `import-${job.id}.xlsx`)}>{t('registry.import.downloadBad')}</Button>,
            ] : []),
            <Button key="again" data-testid="import-again" onClick={restart}>{t('registry.import.again')}</Button>,
          ]}
        >
          <Space wrap size="large" style={{ justifyContent: 'center', width: '100%' }} data-testid="import-result">
            <Statistic title={t('registry.import.rows')} value={job.totalRows} />
            <Statistic data-testid="import-inserted" title={t('registry.import.inserted')} value={job.inserted} valueStyle={{ color: '#3f8600' }} />
            <Statistic data-testid="import-skipped" title={t('registry.import.skipped')} value={job.skipped} />
            <Statistic data-testid="import-bad" title={t('registry.import.badRows')} value={job.badRows} valueStyle={{ color: job.badRows ? '#cf1322' : undefined }} />
          </Space>
        </Result>
      )}
      {!running && job.issues.length > 0 && (
        <Table<RowIssue> size="small" rowKey={(i) => `${i.row}-${i.column}-${i.reason}`} dataSource={job.issues} columns={issueColumns}
          pagination={{ pageSize: 10, hideOnSinglePage: true }} scroll={{ x: 'max-content' }} />
      )}
    </div>
  );

  return (
    <div data-testid="import-page">
      <Card title={<Typography.Title level={4} style={{ margin: 0 }}>{t('registry.import.title')}</Typography.Title>} size={phone ? 'small' : 'default'}>
        <Steps
          current={step}
          size="small"
          direction={phone ? 'horizontal' : 'horizontal'}
          responsive={false}
          style={{ marginBottom: 20 }}
          items={[
            { title: phone ? undefined : t('registry.import.stepType') },
            { title: phone ? undefined : t('registry.import.stepUpload') },
            { title: phone ? undefined : t('registry.import.stepPreview') },
            { title: phone ? undefined : t('registry.import.stepCommit') },
          ]}
        />
        <ProblemAlert error={error} />
        {step === 0 && chooseType}
        {step === 1 && uploadStep}
        {step === 2 && previewStep}
        {step === 3 && commitStep}
      </Card>
      <Card size="small" style={{ marginTop: 12 }} title={t('registry.import.jobs')}>
        <Table<ImportJob>
          data-testid="import-jobs" size="small" rowKey="id" loading={jobs.loading} dataSource={jobs.data?.items ?? []}
          pagination={{ pageSize: 10, hideOnSinglePage: true }} scroll={{ x: 'max-content' }}
          columns={[
            { title: t('registry.import.jobAt'), dataIndex: 'createdAt', render: (v: string) => fmtTime(v, i18n.language) },
            { title: t('registry.import.type'), dataIndex: 'kind', render: (k: ImportKind) => t(`registry.import.kinds.${k}`) },
            { title: t('registry.import.jobFile'), dataIndex: 'fileName', render: (v: string | null) => v ?? '—' },
            { title: t('registry.import.jobBy'), dataIndex: 'createdBy', render: (v: string | null) => v ?? '—' },
            { title: t('registry.import.jobStatus'), dataIndex: 'status', render: (s: ImportJob['status']) => <Tag color={s === 'done' ? 'green' : s === 'failed' ? 'red' : 'blue'}>{t(`registry.import.statuses.${s}`)}</Tag> },
            { title: 'OK / ✗', key: 'n', render: (_: unknown, j) => `${j.inserted + j.skipped} / ${j.badRows}` },
            {
              title: '', key: 'dl', render: (_: unknown, j) => (j.badRows || j.warnings ? (
                <Button size="small" type="link" icon={<DownloadOutlined />} onClick={() => void dl(registryApi.reportUrl(j.id), `import-${j.id}.xlsx`)}>{t('registry.import.downloadBad')}</Button>
              ) : null),
            },
          ]}
        />
      </Card>
    </div>
  );
}
