import { useState } from 'react';
import { useParams } from 'react-router';

import { TimeSeriesChart } from '../../../components/ui/charts/time-series-chart';
import { ErrorBanner } from '../../../components/ui/error-banner';
import { Loading } from '../../../components/ui/loading';
import { DatasetNav, DatasetPicker, useDataset } from '../../datasets';
import { useDatasetStatistics, type StatisticsBody } from '../hooks/use-dataset-statistics';
import { reportSeries } from '../lib/report-series';

type Resolution = 'day' | 'week' | 'month';

function DatasetReport({ project, dataset }: { project: string; dataset: string }) {
  const datasetQuery = useDataset(project, dataset);
  const [resolution, setResolution] = useState<Resolution>('day');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const timestamp: { minimum?: string; maximum?: string } = {};
  if (from !== '') {
    timestamp.minimum = new Date(`${from}T00:00:00Z`).toISOString();
  }
  if (to !== '') {
    timestamp.maximum = new Date(`${to}T23:59:59.999Z`).toISOString();
  }
  const body: StatisticsBody = {
    comment_filter: { timestamp },
    label_timeseries: true,
    time_resolution: resolution,
  };
  const statistics = useDatasetStatistics(project, dataset, body);
  const series = statistics.data === undefined ? null : reportSeries(statistics.data.statistics);
  const hasSentiment = datasetQuery.data?.dataset.has_sentiment === true;

  return (
    <>
      <form
        className="inline-form card"
        aria-label="Report range"
        onSubmit={(e) => e.preventDefault()}
      >
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
      <ErrorBanner error={statistics.error} />
      {statistics.isPending && <Loading label="Loading statistics…" />}
      {statistics.data !== undefined && series !== null && (
        <>
          <p>{statistics.data.statistics.num_comments} comments in range.</p>
          <section aria-labelledby="volume-heading">
            <h2 id="volume-heading">Message volume</h2>
            <TimeSeriesChart
              title="Message volume"
              data={series.volume}
              series={['comments']}
              xKey="period"
            />
          </section>
          <section aria-labelledby="labels-heading">
            <h2 id="labels-heading">Label volume</h2>
            {series.labelNames.length === 0 ? (
              <p>No labelled comments in range.</p>
            ) : (
              <TimeSeriesChart
                title="Label volume"
                data={series.labels}
                series={series.labelNames}
                xKey="period"
              />
            )}
            <table>
              <caption>Label counts</caption>
              <thead>
                <tr>
                  <th scope="col">Label</th>
                  <th scope="col">Comments</th>
                  {hasSentiment && <th scope="col">Positive</th>}
                  {hasSentiment && <th scope="col">Negative</th>}
                </tr>
              </thead>
              <tbody>
                {Object.entries(statistics.data.statistics.label_counts).map(([name, counts]) => (
                  <tr key={name}>
                    <td>{name}</td>
                    <td>{counts.positive + counts.negative}</td>
                    {hasSentiment && <td>{counts.positive}</td>}
                    {hasSentiment && <td>{counts.negative}</td>}
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
          {hasSentiment && (
            <section aria-labelledby="sentiment-heading">
              <h2 id="sentiment-heading">Sentiment</h2>
              <TimeSeriesChart
                title="Sentiment over time"
                data={series.sentiment}
                series={['positive', 'negative']}
                xKey="period"
              />
            </section>
          )}
        </>
      )}
    </>
  );
}

/** Message and label volumes over time from the dataset statistics (api.md §6.8). */
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
