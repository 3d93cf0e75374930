import {
  CartesianGrid,
  Legend,
  Line,
  LineChart,
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
  data: readonly Record<string, number | string>[];
  /** The numeric keys to draw, one line each. */
  series: readonly string[];
  xKey: string;
};

/** Volumes over time, one line per series. */
export function TimeSeriesChart({ title, data, series, xKey }: Props) {
  return (
    <figure className="chart" aria-label={title}>
      <ResponsiveContainer width="100%" height="100%" initialDimension={INITIAL_SIZE}>
        <LineChart data={[...data]} margin={{ top: 10, right: 20, bottom: 10, left: 10 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey={xKey} />
          <YAxis allowDecimals={false} />
          <Tooltip />
          <Legend />
          {series.map((name, i) => (
            <Line
              key={name}
              type="monotone"
              dataKey={name}
              stroke={COLOURS[i % COLOURS.length]}
              dot={false}
              isAnimationActive={false}
            />
          ))}
        </LineChart>
      </ResponsiveContainer>
      <figcaption className="visually-hidden">{title}</figcaption>
    </figure>
  );
}
