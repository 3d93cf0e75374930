import { useState } from 'react';
import { useParams } from 'react-router';

import { ErrorBanner } from '../../../components/ui/error-banner';
import { Loading } from '../../../components/ui/loading';
import { percent, precisionRecallAt } from '../../../lib/precision-recall';
import { DatasetNav } from '../../datasets';
import { useModelStatus, WorkStatus } from '../../train';
import {
  useAllLabelValidations,
  useLabelValidation,
  useModelVersions,
  usePinVersion,
  useValidation,
  type ValidationSummary,
} from '../hooks/use-validation';
import { describeAction, examplesNeeded, healthColour } from '../lib/label-health';

import { ThresholdExplorer } from './threshold-explorer';

const FACTOR_TITLES: Record<string, string> = {
  biased: 'Balance',
  coverage: 'Coverage',
  lowest_label_health: 'Underperforming labels',
  overall_label_health: 'All labels',
};

function ModelRating({ summary }: { summary: ValidationSummary }) {
  const rating = summary.model_rating;
  return (
    <section className="card" aria-labelledby="rating-heading">
      <h2 id="rating-heading">
        Model Rating: {Math.round(rating.score)} ({rating.quality})
      </h2>
      {rating.needs_refinement && <p>This model needs refinement: see the recommended actions.</p>}
      <div className="grid-2">
        {rating.factors.map((factor) => (
          <div key={factor.kind} className="card">
            <h3>
              {FACTOR_TITLES[factor.kind] ?? factor.kind}: {Math.round(factor.score)} (
              {factor.quality})
            </h3>
            {factor.contributors.length > 0 && (
              <ul aria-label="Contributions">
                {factor.contributors.map((c) => (
                  <li key={c.kind}>
                    {c.kind.replace(/_/g, ' ')}:{' '}
                    {c.value === null ? '—' : Number(c.value.toFixed(3))}
                  </li>
                ))}
              </ul>
            )}
            {[...factor.dataset_actions, ...factor.label_actions].length > 0 && (
              <>
                <h4>Recommended actions</h4>
                <ul>
                  {[...factor.dataset_actions, ...factor.label_actions].map((action, i) => (
                    <li key={i}>{describeAction(action)}</li>
                  ))}
                </ul>
              </>
            )}
          </div>
        ))}
      </div>
    </section>
  );
}

/** Model Rating, per-label metrics and health, PR curves with a threshold, version pinning. */
export function ValidationPage() {
  const { project = '', dataset = '' } = useParams();
  const versions = useModelVersions(project, dataset);
  const [chosen, setChosen] = useState<number | null>(null);
  const list = versions.data?.labellers ?? [];
  const version = chosen ?? list[0]?.version ?? null;
  const validation = useValidation(project, dataset, version);
  const pin = usePinVersion(project, dataset);
  const summary = validation.data?.validation;
  const labelNames = Object.keys(summary?.labels ?? {}).sort((a, b) => a.localeCompare(b));
  const curves = useAllLabelValidations(project, dataset, version, labelNames);
  const [selectedLabel, setSelectedLabel] = useState('');
  const label = selectedLabel !== '' ? selectedLabel : (labelNames[0] ?? '');
  const labelMetrics = useLabelValidation(project, dataset, version, label);
  const current = list.find((v) => v.version === version);
  const status = useModelStatus(project, dataset);

  return (
    <main>
      <DatasetNav project={project} dataset={dataset} />
      <h1>Validation</h1>
      <WorkStatus
        embedding={status.data?.dataset_status.embedding_progress}
        training={status.data?.dataset_status.training_progress}
      />
      <ErrorBanner error={versions.error ?? validation.error ?? pin.error} />
      {versions.isPending && <Loading />}
      {versions.isSuccess && list.length === 0 && (
        <p>No model version yet: annotate comments in Train and a version will appear.</p>
      )}
      {list.length > 0 && (
        <div className="inline-form">
          <label>
            Model version
            <select
              value={version ?? ''}
              onChange={(event) => setChosen(Number(event.target.value))}
            >
              {list.map((v) => (
                <option key={v.version} value={v.version}>
                  {v.version} — {new Date(v.trained_time).toLocaleString()}
                  {v.pinned ? ' (pinned)' : ''}
                </option>
              ))}
            </select>
          </label>
          {current !== undefined && (
            <button
              type="button"
              aria-pressed={current.pinned}
              disabled={pin.isPending}
              onClick={() => pin.mutate({ version: current.version, pinned: !current.pinned })}
            >
              {current.pinned ? 'Unpin version' : 'Pin version'}
            </button>
          )}
        </div>
      )}
      {validation.isFetching && <Loading label="Loading validation…" />}
      {summary !== undefined && (
        <>
          <ModelRating summary={summary} />
          <p>
            {summary.reviewed_size} reviewed comments · mean average precision{' '}
            {percent(summary.mean_average_precision_safe)}
          </p>
          <table>
            <caption>Labels</caption>
            <thead>
              <tr>
                <th scope="col">Label</th>
                <th scope="col">Health</th>
                <th scope="col">Average precision</th>
                <th scope="col">Precision (balanced)</th>
                <th scope="col">Recall (balanced)</th>
                <th scope="col">Examples</th>
                <th scope="col">Advice</th>
              </tr>
            </thead>
            <tbody>
              {labelNames.map((name, i) => {
                const entry = summary.labels[name];
                if (entry === undefined) {
                  return null;
                }
                const colour = healthColour(entry.health);
                const curve = curves[i]?.data?.label_validation;
                const balanced = entry.optimal_thresholds?.balanced;
                const point =
                  curve !== undefined && balanced !== undefined
                    ? precisionRecallAt(curve, balanced)
                    : null;
                return (
                  <tr key={name}>
                    <td>
                      <button
                        type="button"
                        className="small"
                        onClick={() => setSelectedLabel(name)}
                      >
                        {name}
                      </button>
                    </td>
                    <td className={`health-${colour}`}>● {colour}</td>
                    <td>{percent(entry.average_precision)}</td>
                    <td>{point === null ? '—' : percent(point.precision)}</td>
                    <td>{point === null ? '—' : percent(point.recall)}</td>
                    <td>{entry.reviewed_size}</td>
                    <td>
                      {examplesNeeded(entry.health) ?? ''}
                      {(entry.health.smart?.warnings ?? []).length > 0 &&
                        ` ${entry.health.smart?.warnings.map((w) => w.kind.replace(/_/g, ' ')).join(', ')}`}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          {label !== '' && (
            <section className="card" aria-labelledby="label-curve-heading">
              <h2 id="label-curve-heading">{label}</h2>
              <ErrorBanner error={labelMetrics.error} />
              {labelMetrics.isPending && <Loading />}
              {labelMetrics.data !== undefined && (
                <ThresholdExplorer
                  key={`${version}:${label}`}
                  label={label}
                  metrics={labelMetrics.data.label_validation}
                />
              )}
            </section>
          )}
        </>
      )}
    </main>
  );
}
