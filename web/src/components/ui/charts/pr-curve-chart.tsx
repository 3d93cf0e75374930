import {
  CartesianGrid,
  Line,
  LineChart,
  ReferenceDot,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';

// Drawn at this size until the container is measured (and in tests, where nothing is measured).
const INITIAL_SIZE = { width: 640, height: 320 };

import { curvePoints, type PrCurve, type PrPoint } from '../../../lib/precision-recall';

type Props = { curve: PrCurve; point: PrPoint | null; title: string };

/** A precision–recall curve with the operating point of the chosen threshold. */
export function PrCurveChart({ curve, point, title }: Props) {
  const data = curvePoints(curve);
  return (
    <figure className="chart" aria-label={title}>
      <ResponsiveContainer width="100%" height="100%" initialDimension={INITIAL_SIZE}>
        <LineChart data={data} margin={{ top: 10, right: 20, bottom: 20, left: 10 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis
            dataKey="recall"
            type="number"
            domain={[0, 1]}
            label={{ value: 'Recall', position: 'insideBottom', offset: -10 }}
          />
          <YAxis
            dataKey="precision"
            type="number"
            domain={[0, 1]}
            label={{ value: 'Precision', angle: -90, position: 'insideLeft' }}
          />
          <Tooltip
            formatter={(value) => (typeof value === 'number' ? value.toFixed(3) : String(value))}
          />
          <Line
            type="stepAfter"
            dataKey="precision"
            stroke="#2b5cd6"
            dot={false}
            isAnimationActive={false}
          />
          {point !== null && point.precision !== null && (
            <ReferenceDot
              x={point.recall}
              y={point.precision}
              r={6}
              fill="#f2a900"
              stroke="#1c2430"
            />
          )}
        </LineChart>
      </ResponsiveContainer>
      <figcaption className="visually-hidden">{title}</figcaption>
    </figure>
  );
}
