import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';

// Drawn at this size until the container is measured (and in tests, where nothing is measured).
const INITIAL_SIZE = { width: 640, height: 320 };

const COLOURS = ['#2b5cd6', '#c62828', '#2e7d32', '#b26a00', '#6a1b9a', '#00838f', '#5d4037'];

type Props = {
  title: string;
  /** One row per period, consecutive periods without gaps, so the category axis is a true time axis. */
  data: readonly Record<string, number | string>[];
  /** The count keys to draw, one bar per period each. */
  series: readonly string[];
  xKey: string;
  formatPeriod: (period: string) => string;
};

/** Counts per period as bars: integer counts are drawn as they are, never interpolated. */
export function PeriodBarChart({ title, data, series, xKey, formatPeriod }: Props) {
  return (
    <figure className="chart" aria-label={title}>
      <ResponsiveContainer width="100%" height="100%" initialDimension={INITIAL_SIZE}>
        <BarChart data={[...data]} margin={{ top: 10, right: 48, bottom: 10, left: 10 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis
            dataKey={xKey}
            tickFormatter={(value: string) => formatPeriod(value)}
            minTickGap={16}
          />
          <YAxis allowDecimals={false} />
          <Tooltip
            labelFormatter={(value) => (typeof value === 'string' ? formatPeriod(value) : value)}
          />
          <Legend />
          {series.map((name, i) => (
            <Bar
              key={name}
              dataKey={name}
              fill={COLOURS[i % COLOURS.length]}
              isAnimationActive={false}
            />
          ))}
        </BarChart>
      </ResponsiveContainer>
      <figcaption className="visually-hidden">{title}</figcaption>
    </figure>
  );
}
