import { Alert, App, Button, Card, Col, Descriptions, Empty, List, Result, Row, Space, Spin, Tag, Tooltip, Typography } from 'antd';
import { ArrowLeftOutlined, EyeOutlined, ReloadOutlined } from '@ant-design/icons';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { ApiError } from '../../../api/client';
import { useSession } from '../../../auth/session';
import { ProblemAlert, problemText } from '../../../components/ProblemAlert';
import { isZh } from '../../../i18n';
import { fmtTime } from '../../../lib/format';
import { useIsPhone, useLoad } from '../../../lib/hooks';
import { casesApi, type CaseAction, type CaseState } from '../api';
import { CaseTimeline, Due, Photos, StateTag, SupervisionTag } from '../ui';
import { ActionDialog } from './ActionDialog';
import { NotificationBell } from './NotificationsPage';

/** The next step of the ordinary loop is the primary button; the rest are secondary. */
const PRIMARY: CaseAction[] = ['accept', 'dispatch', 'sign', 'start', 'handle', 'verify_pass', 'callback', 'approve_delay', 'archive'];
const ORDER: CaseAction[] = [
  'accept', 'dispatch', 'sign', 'start', 'handle', 'verify_pass', 'callback', 'approve_delay', 'archive', 'respond',
  'transfer', 'request_delay', 'escalate', 'return', 'verify_fail', 'refuse_delay', 'reopen', 'reject', 'merge', 'supervise',
];
const OPEN: CaseState[] = ['reported', 'accepted', 'dispatched', 'returned', 'signed', 'in_progress', 'delay_requested', 'escalated', 'handled'];

export function CaseDetailPage() {
  const { id = '' } = useParams();
  const { t, i18n } = useTranslation();
  const zh = isZh(i18n.language);
  const { can } = useSession();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const phone = useIsPhone();
  const { data, error, loading, reload } = useLoad(() => casesApi.get(id), [id]);
  const [acting, setActing] = useState<CaseAction | null>(null);
  const [phoneFull, setPhoneFull] = useState<string | null>(null);

  if (error instanceof ApiError && error.status === 404) {
    return <Result status="404" title={t('common.notFound')} extra={<Link to="/cases/inbox">{t('cases.detail.back')}</Link>} />;
  }
  if (!data) return loading ? <Spin size="large" style={{ display: 'block', margin: '20vh auto' }} /> : <ProblemAlert error={error} />;

  const c = data.case;
  const open = OPEN.includes(c.state);
  // merging needs a master: offer it only when duplicates were found
  const actions = ORDER.filter((a) => data.allowedActions.includes(a) && (a !== 'merge' || (data.duplicates ?? []).length > 0));
  const photoUrl = (aid: string) => casesApi.attachmentUrl(c.id, aid);

  return (
    <div data-testid="case-detail" data-state={c.state}>
      <Space style={{ marginBottom: 12 }} wrap>
        <Button icon={<ArrowLeftOutlined />} onClick={() => navigate(-1)}>{t('cases.detail.back')}</Button>
        <Button icon={<ReloadOutlined />} onClick={reload} aria-label={t('cases.common.refresh')} />
        <NotificationBell />
      </Space>
      <ProblemAlert error={error} />
      <Card style={{ marginBottom: 12 }}>
        <div style={{ display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: 8 }}>
          <Typography.Title level={4} style={{ margin: 0 }} data-testid="case-title">{c.title}</Typography.Title>
          <StateTag state={c.state} />
          <SupervisionTag level={c.supervisionLevel} />
          {c.overdue && open && <Tag color="red">{t('cases.detail.overdue')}</Tag>}
          {c.urgency !== 'normal' && <Tag color="red">{t(`cases.urgency.${c.urgency}`)}</Tag>}
        </div>
        <Typography.Text type="secondary" data-testid="case-number">
          {c.number} · {t(`cases.channel.${c.channel}`)} · {zh ? c.category.nameZh : c.category.nameEn} · {fmtTime(c.times.createdAt, i18n.language)}
        </Typography.Text>
        <div style={{ marginTop: 14 }} data-testid="case-actions">
          {actions.length === 0 ? (
            <Typography.Text type="secondary">{t('cases.detail.noActions')}</Typography.Text>
          ) : (
            <Space wrap>
              {actions.map((a) => (
                <Button key={a} data-testid={`act-${a}`} type={PRIMARY.includes(a) ? 'primary' : 'default'}
                  danger={['reject', 'return', 'verify_fail', 'refuse_delay'].includes(a)} onClick={() => setActing(a)}>
                  {t(`cases.action.${a}`)}
                </Button>
              ))}
            </Space>
          )}
        </div>
      </Card>

      <Row gutter={[12, 12]}>
        <Col xs={24} lg={14}>
          <Card title={t('cases.detail.basics')} size="small" style={{ marginBottom: 12 }}>
            <Descriptions column={phone ? 1 : 2} size="small" bordered>
              <Descriptions.Item label={t('cases.detail.description')} span={phone ? 1 : 2}>
                <div style={{ whiteSpace: 'pre-wrap' }} data-testid="case-description">{c.description}</div>
              </Descriptions.Item>
              <Descriptions.Item label={t('cases.detail.location')} span={phone ? 1 : 2}>
                {[c.location.communityName, c.location.gridName, c.location.address].filter(Boolean).join(' · ') || '—'}
                {c.location.lng !== null && c.location.lat !== null && <Typography.Text type="secondary"> （{c.location.lng.toFixed(5)}, {c.location.lat.toFixed(5)}）</Typography.Text>}
              </Descriptions.Item>
              <Descriptions.Item label={t('cases.detail.reporter')}>
                {c.reporter.anonymous ? t('cases.inbox.anonymous') : c.reporter.name ?? '—'}
              </Descriptions.Item>
              <Descriptions.Item label={t('cases.detail.phone')}>
                <Space size={4}>
                  <span data-testid="case-reporter-phone">{phoneFull ?? c.reporter.phoneMasked ?? '—'}</span>
                  {c.reporter.phoneMasked && !phoneFull && can('personal.unmask') && (
                    <Tooltip title={t('cases.detail.unmask')}>
                      <Button size="small" type="link" icon={<EyeOutlined />} aria-label={t('cases.detail.unmask')}
                        onClick={async () => { try { setPhoneFull((await casesApi.unmask(c.id)).phone); } catch (e) { message.error(problemText(e, i18n.language)); } }} />
                    </Tooltip>
                  )}
                </Space>
              </Descriptions.Item>
              <Descriptions.Item label={t('cases.detail.owner')}>{c.owner?.name ?? '—'}</Descriptions.Item>
              <Descriptions.Item label={t('cases.detail.handler')}>
                <span data-testid="case-handler">{c.handler?.name ?? '—'}{c.handler?.userName ? ` · ${c.handler.userName}` : ''}</span>
              </Descriptions.Item>
              {c.route && <Descriptions.Item label={t('cases.detail.route')}>{c.route.name ?? '—'}</Descriptions.Item>}
              <Descriptions.Item label={t('cases.detail.people')}>{c.peopleInvolved}</Descriptions.Item>
              {c.delayRequestedDays !== null && <Descriptions.Item label={t('cases.action.request_delay')}><span data-testid="case-delay-request">{t('cases.detail.delayDays', { days: c.delayRequestedDays })}</span></Descriptions.Item>}
              {c.rejectReason && <Descriptions.Item label={t('cases.detail.rejectReason')} span={phone ? 1 : 2}>{c.rejectReason}</Descriptions.Item>}
              {c.feedback && <Descriptions.Item label={t('cases.detail.feedback')} span={phone ? 1 : 2}><div style={{ whiteSpace: 'pre-wrap' }} data-testid="case-feedback">{c.feedback}</div></Descriptions.Item>}
              {c.callback && (
                <Descriptions.Item label={t('cases.detail.callback')} span={phone ? 1 : 2}>
                  <span data-testid="case-callback">
                    {c.callback.satisfaction ? t(`cases.satisfaction.${c.callback.satisfaction}`) : '—'} · {t('cases.detail.resolved')}：{c.callback.resolved ? t('cases.common.yes') : t('cases.common.no')} · {fmtTime(c.callback.at, i18n.language)}
                  </span>
                </Descriptions.Item>
              )}
            </Descriptions>
          </Card>
          <Card title={t('cases.detail.deadlines')} size="small" style={{ marginBottom: 12 }}>
            <Descriptions column={phone ? 1 : 2} size="small">
              <Descriptions.Item label={t('cases.detail.acceptDue')}><Due at={c.deadlines.acceptDue} open={c.state === 'reported'} /></Descriptions.Item>
              <Descriptions.Item label={t('cases.detail.respondDue')}><Due at={c.deadlines.respondDue} open={open && !c.times.respondedAt} /></Descriptions.Item>
              <Descriptions.Item label={t('cases.detail.handleDue')}><span data-testid="case-handle-due"><Due at={c.deadlines.handleDue} open={open && c.state !== 'handled'} /></span></Descriptions.Item>
              <Descriptions.Item label={t('cases.detail.handleRedDue')}><Due at={c.deadlines.handleRedDue} open={open && c.state !== 'handled'} /></Descriptions.Item>
              <Descriptions.Item label={t('cases.detail.verifyDue')}><Due at={c.deadlines.verifyDue} open={c.state === 'handled'} /></Descriptions.Item>
              <Descriptions.Item label={t('cases.detail.counts')}>
                <span data-testid="case-counts">{t('cases.detail.rework')} {c.counts.rework} · {t('cases.detail.delay')} {c.counts.delay} · {t('cases.detail.transfer')} {c.counts.transfer} · {t('cases.detail.returnCount')} {c.counts.return} · {t('cases.detail.escalation')} {c.counts.escalation}</span>
              </Descriptions.Item>
            </Descriptions>
          </Card>
          <Card title={t('cases.detail.photos')} size="small" style={{ marginBottom: 12 }}>
            <Photos urls={data.attachments.map((a) => a.url)} />
          </Card>
          {(data.duplicates ?? []).length > 0 && (
            <Card title={t('cases.detail.duplicates')} size="small" style={{ marginBottom: 12 }} data-testid="case-duplicates">
              <List size="small" dataSource={data.duplicates ?? []} renderItem={(d) => (
                <List.Item><Link to={`/cases/${d.id}`}>{d.number}</Link> {d.title} <StateTag state={d.state as CaseState} /></List.Item>
              )} />
            </Card>
          )}
          {(data.followers ?? []).length > 0 && (
            <Card title={t('cases.detail.followers')} size="small" style={{ marginBottom: 12 }} data-testid="case-followers">
              <List size="small" dataSource={data.followers ?? []} renderItem={(d) => (
                <List.Item><Link to={`/cases/${d.id}`}>{d.number}</Link> {d.title} {d.reporterName ?? ''}</List.Item>
              )} />
            </Card>
          )}
          {c.mergedIntoId && (
            <Alert type="info" showIcon style={{ marginBottom: 12 }} message={t('cases.detail.mergedInto')}
              action={<Link data-testid="case-merged-into" to={`/cases/${c.mergedIntoId}`}>{t('cases.detail.openMaster')} →</Link>} />
          )}
          {(c.sourceCaseIds ?? []).length > 0 && (
            <Card title={t('cases.detail.sourceCases')} size="small" style={{ marginBottom: 12 }}>
              <Space wrap>{(c.sourceCaseIds ?? []).map((s, i) => <Link key={s} to={`/cases/${s}`}>#{i + 1}</Link>)}</Space>
            </Card>
          )}
          {(data.supervisions ?? []).length > 0 && (
            <Card title={t('cases.detail.supervisions')} size="small" style={{ marginBottom: 12 }}>
              <List size="small" dataSource={data.supervisions ?? []} renderItem={(s) => (
                <List.Item>
                  <SupervisionTag level={s.level as 'normal'} /> {s.source === 'auto' ? t('cases.action.auto_supervise') : s.issuedBy} · {fmtTime(s.at, i18n.language)} {s.note ?? ''}
                </List.Item>
              )} />
            </Card>
          )}
        </Col>
        <Col xs={24} lg={10}>
          <Card title={t('cases.detail.timeline')} size="small">
            {data.timeline.length ? <CaseTimeline entries={data.timeline} photoUrl={photoUrl} /> : <Empty />}
          </Card>
        </Col>
      </Row>

      <ActionDialog
        action={acting}
        detail={data}
        onClose={() => setActing(null)}
        onDone={({ action }) => { setActing(null); message.success(t('cases.dialog.done', { action: t(`cases.action.${action}`) })); reload(); }}
      />
    </div>
  );
}
