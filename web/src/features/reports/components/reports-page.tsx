import { useState } from 'react';
import { useParams } from 'react-router';

import { PeriodBarChart } from '../../../components/ui/charts/period-bar-chart';
import { TimeSeriesChart } from '../../../components/ui/charts/time-series-chart';
import { ErrorBanner } from '../../../components/ui/error-banner';
import { Loading } from '../../../components/ui/loading';
import { downloadText } from '../../../lib/csv';
import { DatasetNav, DatasetPicker, useDataset, useSources } from '../../datasets';
import { useDatasetStatistics, type StatisticsBody } from '../hooks/use-dataset-statistics';
import { useLabelVolume, type LabelVolumeQuery } from '../hooks/use-label-volume';
import {
  formatPeriod,
  labelRows,
  rowsToCsv,
  topLabels,
  volumeRows,
  type ChartRow,
  type Resolution,
} from '../lib/label-volume-series';
import { reportSeries } from '../lib/report-series';

type Basis = 'predicted' | 'reviewed';

function ChartSection(props: {
  id: string;
  title: string;
  fileName: string;
  rows: ChartRow[];
  series: string[];
  resolution: Resolution;
  children?: React.ReactNode;
}) {
  return (
    <section className="card" aria-labelledby={`${props.id}-heading`}>
      <div className="chart-head">
        <h2 id={`${props.id}-heading`}>{props.title}</h2>
        <button
          type="button"
          className="small"
          disabled={props.rows.length === 0}
          onClick={() => downloadText(props.fileName, rowsToCsv(props.rows, props.series))}
        >
          Download CSV: {props.title}
        </button>
      </div>
      {props.rows.length === 0 ? (
        <p>No comments in range.</p>
      ) : (
        <PeriodBarChart
          title={props.title}
          data={props.rows}
          series={props.series}
          xKey="period"
          formatPeriod={(period) => formatPeriod(period, props.resolution)}
        />
      )}
      {props.children}
    </section>
  );
}

function SentimentSection({
  project,
  dataset,
  body,
}: {
  project: string;
  dataset: string;
  body: StatisticsBody;
}) {
  const statistics = useDatasetStatistics(project, dataset, body);
  const series = statistics.data === undefined ? null : reportSeries(statistics.data.statistics);
  return (
    <section className="card" aria-labelledby="sentiment-heading">
      <h2 id="sentiment-heading">Sentiment of reviewed comments</h2>
      <ErrorBanner error={statistics.error} />
      {series !== null && (
        <TimeSeriesChart
          title="Sentiment over time"
          data={series.sentiment}
          series={['positive', 'negative']}
          xKey="period"
        />
      )}
    </section>
  );
}

function DatasetReport({ project, dataset }: { project: string; dataset: string }) {
  const datasetQuery = useDataset(project, dataset);
  const sources = useSources();
  const [basis, setBasis] = useState<Basis>('predicted');
  const [resolution, setResolution] = useState<Resolution>('day');
  const [source, setSource] = useState('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const timestamp: { minimum?: string; maximum?: string } = {};
  if (from !== '') {
    timestamp.minimum = from;
  }
  if (to !== '') {
    timestamp.maximum = to;
  }
  const body: LabelVolumeQuery = {
    basis,
    time_resolution: resolution,
    ...(Object.keys(timestamp).length > 0 ? { timestamp } : {}),
    ...(source === '' ? {} : { source_ids: [source] }),
  };
  const volume = useLabelVolume(project, dataset, body);
  const datasetRecord = datasetQuery.data?.dataset;
  const datasetSources = (sources.data?.sources ?? []).filter((s) =>
    datasetRecord?.source_ids.includes(s.id),
  );
  const data = volume.data?.label_volume;
  const labels = data === undefined ? [] : topLabels(data);
  const fileStem = `${project}-${dataset}-${basis}-${resolution}`;

  return (
    <>
      <form
        className="inline-form card"
        aria-label="Report range"
        onSubmit={(e) => e.preventDefault()}
      >
        <fieldset className="segmented">
          <legend>Count labels from</legend>
          <label className="checkbox">
            <input
              type="radio"
              name="basis"
              checked={basis === 'predicted'}
              onChange={() => setBasis('predicted')}
            />
            Predictions on all comments
          </label>
          <label className="checkbox">
            <input
              type="radio"
              name="basis"
              checked={basis === 'reviewed'}
              onChange={() => setBasis('reviewed')}
            />
            Reviewed comments only
          </label>
        </fieldset>
        <label>
          Source
          <select value={source} onChange={(event) => setSource(event.target.value)}>
            <option value="">All sources</option>
            {datasetSources.map((s) => (
              <option key={s.id} value={s.id}>
                {s.owner}/{s.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          Resolution
          <select
            value={resolution}
            onChange={(event) => setResolution(event.target.value as Resolution)}
          >
            <option value="day">Day</option>
            <option value="week">Week</option>
            <option value="month">Month</option>
          </select>
        </label>
        <label>
          From
          <input type="date" value={from} onChange={(event) => setFrom(event.target.value)} />
        </label>
        <label>
          To
          <input type="date" value={to} onChange={(event) => setTo(event.target.value)} />
        </label>
      </form>
      <ErrorBanner error={volume.error} />
      {volume.isPending && <Loading label="Loading statistics…" />}
      {data !== undefined && (
        <>
          <p role="status">
            {basis === 'predicted'
              ? `${data.num_comments} comments in range. ${data.num_reviewed} reviewed count by their labels, the others by their predicted labels${data.model_version === null ? ' (no model yet: only reviewed labels count)' : ` from model version ${data.model_version}`}.`
              : `${data.num_reviewed} reviewed comments in range.`}{' '}
            Periods are UTC.
          </p>
          <ChartSection
            id="volume"
            title="Message volume"
            fileName={`${fileStem}-message-volume.csv`}
            rows={volumeRows(data)}
            series={basis === 'predicted' ? ['comments', 'reviewed'] : ['reviewed']}
            resolution={resolution}
          />
          <ChartSection
            id="labels"
            title="Label volume"
            fileName={`${fileStem}-label-volume.csv`}
            rows={labels.length === 0 ? [] : labelRows(data, labels)}
            series={labels}
            resolution={resolution}
          >
            <table>
              <caption>Label counts</caption>
              <thead>
                <tr>
                  <th scope="col">Label</th>
                  <th scope="col">Comments</th>
                  <th scope="col">Share</th>
                  {basis === 'predicted' && <th scope="col">Threshold</th>}
                </tr>
              </thead>
              <tbody>
                {data.labels.map((label) => (
                  <tr key={label.name}>
                    <td>{label.name}</td>
                    <td>{label.count}</td>
                    <td>
                      {data.num_comments === 0
                        ? '—'
                        : `${((100 * label.count) / data.num_comments).toFixed(1)}%`}
                    </td>
                    {basis === 'predicted' && (
                      <td>
                        {label.threshold.toFixed(2)}
                        {label.threshold_kind === 'default' ? ' (default: too few examples)' : ''}
                      </td>
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
          </ChartSection>
        </>
      )}
      {datasetRecord?.has_sentiment === true && (
        <SentimentSection
          project={project}
          dataset={dataset}
          body={{
            comment_filter: {
              timestamp: {
                ...(from === '' ? {} : { minimum: new Date(`${from}T00:00:00Z`).toISOString() }),
                ...(to === '' ? {} : { maximum: new Date(`${to}T23:59:59.999Z`).toISOString() }),
              },
              ...(source === '' ? {} : { sources: [source] }),
            },
            label_timeseries: true,
            time_resolution: resolution,
          }}
        />
      )}
    </>
  );
}

/** Label volume over time across every comment, from predictions or reviewed labels (docs/reports.md). */
export function ReportsPage() {
  const { project, dataset } = useParams();
  return (
    <main>
      {project !== undefined && dataset !== undefined && (
        <DatasetNav project={project} dataset={dataset} />
      )}
      <h1>Reports</h1>
      {project === undefined || dataset === undefined ? (
        <DatasetPicker page="reports" />
      ) : (
        <DatasetReport project={project} dataset={dataset} />
      )}
    </main>
  );
}
