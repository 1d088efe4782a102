import { lazy, Suspense, type ComponentProps, type ReactNode } from 'react';

// ECharts is most of the app's weight: it loads after the first figures are on screen.
const Chart = lazy(() => import('./Chart.tsx'));

export function LazyChart(props: ComponentProps<typeof Chart>): ReactNode {
  return (
    <Suspense
      fallback={<div className="chart" style={{ height: props.height ?? 260 }} aria-busy="true" />}
    >
      <Chart {...props} />
    </Suspense>
  );
}
