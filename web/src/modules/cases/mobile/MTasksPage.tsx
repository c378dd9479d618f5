import { Card, Empty, Segmented, Spin, Tag } from 'antd';
import { EnvironmentOutlined, RightOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { ProblemAlert } from '../../../components/ProblemAlert';
import { useLoad } from '../../../lib/hooks';
import { casesApi } from '../api';
import { Due, StateTag, SupervisionTag } from '../ui';
import { MobileShell } from './MobileShell';

/** 我的任务: what the grid worker must act on now (待办) and what they have done (已办). */
export function MTasksPage() {
  const { t } = useTranslation();
  return <MobileShell title={t('cases.m.tasks')}><Tasks /></MobileShell>;
}

function Tasks() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const box = params.get('box') === 'done' ? 'done' : 'todo';
  const { data, error, loading } = useLoad(() => casesApi.list({ box, pageSize: 50 }), [box]);
  return (
    <>
      <Segmented block value={box} onChange={(v) => setParams({ box: String(v) })} style={{ marginBottom: 10 }}
        options={[{ value: 'todo', label: <span data-testid="m-tab-todo">{t('cases.m.tabs.todo')}{box === 'todo' && data ? ` (${data.total})` : ''}</span> }, { value: 'done', label: t('cases.m.tabs.done') }]} />
      <ProblemAlert error={error} />
      {loading && !data && <Spin />}
      {data && data.items.length === 0 && <Empty description={t('cases.m.empty')} />}
      <div data-testid="m-tasks" style={{ display: 'flex', flexDirection: 'column', gap: 10 }}>
        {data?.items.map((c) => (
          <Link key={c.id} to={`/m/tasks/${c.id}`} data-testid="m-task" data-number={c.number}>
            <Card hoverable styles={{ body: { padding: 12 } }}>
              <div style={{ display: 'flex', alignItems: 'center', gap: 8 }}>
                <div style={{ flex: 1, minWidth: 0 }}>
                  <div style={{ fontSize: 17, fontWeight: 600, color: '#222', overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}>{c.title}</div>
                  <div style={{ margin: '4px 0', display: 'flex', flexWrap: 'wrap', gap: 4 }}>
                    <StateTag state={c.state} />
                    {c.urgency !== 'normal' && <Tag color="red">{t(`cases.urgency.${c.urgency}`)}</Tag>}
                    {c.overdue && <Tag color="red">{t('cases.inbox.overdue')}</Tag>}
                    <SupervisionTag level={c.supervisionLevel} />
                  </div>
                  <div style={{ fontSize: 13, color: '#777' }}>
                    <EnvironmentOutlined /> {c.gridName ?? '—'} · {c.category.nameZh} · {t('cases.m.due')} <Due at={c.handleDue} open={box === 'todo'} />
                  </div>
                </div>
                <RightOutlined style={{ color: '#bbb' }} />
              </div>
            </Card>
          </Link>
        ))}
      </div>
    </>
  );
}
