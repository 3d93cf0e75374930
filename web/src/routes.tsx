import { lazy, Suspense, type ReactNode } from 'react';
import { createBrowserRouter, Navigate } from 'react-router';

import { AppLayout } from './components/app-layout';
import { PageFallback } from './components/page-fallback';
import { AccountPage, SignInPage } from './features/auth';
import { DatasetPage, DatasetsPage, ProjectsPage } from './features/datasets';

// Pages with charts or large panels load on demand so that sign-in and the lists stay fast.
const ExplorePage = lazy(() =>
  import('./features/explore').then((m) => ({ default: m.ExplorePage })),
);
const TrainPage = lazy(() => import('./features/train').then((m) => ({ default: m.TrainPage })));
const ValidationPage = lazy(() =>
  import('./features/validation').then((m) => ({ default: m.ValidationPage })),
);
const ReportsPage = lazy(() =>
  import('./features/reports').then((m) => ({ default: m.ReportsPage })),
);
const StreamsPage = lazy(() =>
  import('./features/streams').then((m) => ({ default: m.StreamsPage })),
);

function suspended(page: ReactNode) {
  return <Suspense fallback={<PageFallback />}>{page}</Suspense>;
}

export function createAppRouter() {
  return createBrowserRouter([
    { path: '/sign-in', element: <SignInPage /> },
    {
      path: '/',
      element: <AppLayout />,
      children: [
        { index: true, element: <Navigate to="/datasets" replace /> },
        { path: 'projects', element: <ProjectsPage /> },
        { path: 'datasets', element: <DatasetsPage /> },
        { path: 'datasets/:project/:dataset', element: <DatasetPage /> },
        { path: 'datasets/:project/:dataset/explore', element: suspended(<ExplorePage />) },
        { path: 'datasets/:project/:dataset/train', element: suspended(<TrainPage />) },
        { path: 'datasets/:project/:dataset/validation', element: suspended(<ValidationPage />) },
        { path: 'datasets/:project/:dataset/reports', element: suspended(<ReportsPage />) },
        { path: 'datasets/:project/:dataset/streams', element: suspended(<StreamsPage />) },
        { path: 'reports', element: suspended(<ReportsPage />) },
        { path: 'streams', element: suspended(<StreamsPage />) },
        { path: 'account', element: <AccountPage /> },
        { path: '*', element: <Navigate to="/datasets" replace /> },
      ],
    },
  ]);
}
