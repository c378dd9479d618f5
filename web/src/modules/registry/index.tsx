import { BarChartOutlined, CloudUploadOutlined, IdcardOutlined, SwapOutlined, TagsOutlined } from '@ant-design/icons';
import { Spin } from 'antd';
import { lazy, Suspense } from 'react';
import { Navigate } from 'react-router';
import type { ConsoleModule } from '../types';
import './i18n';
import { PersonsPage } from './pages/PersonsPage';
import { PersonDetailPage } from './pages/PersonDetailPage';
import { HouseholdDetailPage, HouseholdsPage } from './pages/HouseholdsPage';
import { BuildingDetailPage, BuildingsPage, RoomPage } from './pages/BuildingsPage';
import { EntitiesPage, RentalsPage } from './pages/EntitiesRentalsPages';
import { ImportPage } from './pages/ImportPage';
import { FloatingPage } from './pages/FloatingPage';
import { TagTypesPage } from './pages/TagTypesPage';

// The statistics page pulls in ECharts: load it only when it is shown.
const StatsPage = lazy(() => import('./pages/StatsPage'));
const spin = <Spin size="large" style={{ display: 'block', margin: '20vh auto' }} />;

/** The registry (一标三实): people, households, buildings/rooms, entities, rentals; import; statistics. */
export const registryModule: ConsoleModule = {
  name: 'registry',
  routes: [
    { path: 'registry', element: <Navigate to="/registry/persons" replace /> },
    { path: 'registry/persons', element: <PersonsPage /> },
    { path: 'registry/persons/:id', element: <PersonDetailPage /> },
    { path: 'registry/households', element: <HouseholdsPage /> },
    { path: 'registry/households/:id', element: <HouseholdDetailPage /> },
    { path: 'registry/buildings', element: <BuildingsPage /> },
    { path: 'registry/buildings/:id', element: <BuildingDetailPage /> },
    { path: 'registry/rooms/:id', element: <RoomPage /> },
    { path: 'registry/entities', element: <EntitiesPage /> },
    { path: 'registry/rentals', element: <RentalsPage /> },
    { path: 'registry/floating', element: <FloatingPage /> },
    { path: 'registry/tag-types', element: <TagTypesPage /> },
    { path: 'registry/import', element: <ImportPage /> },
    { path: 'registry/stats', element: <Suspense fallback={spin}><StatsPage /></Suspense> },
  ],
  nav: [
    { key: '/registry/persons', icon: <IdcardOutlined />, labelKey: 'registry.nav.registry', perm: 'registry.read' },
    { key: '/registry/floating', icon: <SwapOutlined />, labelKey: 'registry.nav.floating', perm: 'registry.read' },
    { key: '/registry/tag-types', icon: <TagsOutlined />, labelKey: 'registry.nav.tagTypes', perm: 'tag.manage' },
    { key: '/registry/import', icon: <CloudUploadOutlined />, labelKey: 'registry.nav.import', perm: 'registry.import' },
    { key: '/registry/stats', icon: <BarChartOutlined />, labelKey: 'registry.nav.stats', perm: 'registry.read' },
  ],
};
