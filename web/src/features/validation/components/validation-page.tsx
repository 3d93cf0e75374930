import { useState } from 'react';
import { Link, useParams } from 'react-router';

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
import { healthColour } from '../lib/label-health';
import {
  actionLink,
  datasetMeanAp,
  describeContributor,
  labelAdvice,
  type ActionLink,
} from '../lib/plain-words';

import { ThresholdExplorer } from './threshold-explorer';

const FACTOR_TITLES: Record<string, string> = {
  biased: 'Balance',
  coverage: 'Coverage',
  lowest_label_health: 'Underperforming labels',
  overall_label_health: 'All labels',
};

function ActionItem({ link }: { link: ActionLink }) {
  return <li>{link.href === null ? link.words : <Link to={link.href}>{link.words}</Link>}</li>;
}

function ModelRating({ summary, base }: { summary: ValidationSummary; base: string }) {
  const rating = summary.model_rating;
  const weakest = [...rating.factors].sort((a, b) => a.score - b.score)[0];
  return (
    <section className="card" aria-labelledby="rating-heading">
      <h2 id="rating-heading">
        Model Rating: {Math.round(rating.score)} ({rating.quality})
      </h2>
      {weakest !== undefined && weakest.score < 70 && (
        // ml.md §5.10: the rating is capped 20 points above the weakest factor, which is why a high
        // mean average precision can sit next to a modest rating.
        <p>
          Its weakest factor, {FACTOR_TITLES[weakest.kind] ?? weakest.kind}, scores{' '}
          {Math.round(weakest.score)}; a model is rated at most 20 points above its weakest factor.
        </p>
      )}
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
                  <li key={c.kind}>{describeContributor(c.kind, c.value)}</li>
                ))}
              </ul>
            )}
            {[...factor.dataset_actions, ...factor.label_actions].length > 0 && (
              <>
                <h4>Recommended actions</h4>
                <ul>
                  {[...factor.dataset_actions, ...factor.label_actions].map((action, i) => (
                    <ActionItem key={i} link={actionLink(base, action)} />
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
  const base = `/datasets/${encodeURIComponent(project)}/${encodeURIComponent(dataset)}`;
  const meanAp =
    summary === undefined
      ? null
      : datasetMeanAp(summary.mean_average_precision_safe, Object.values(summary.labels));
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
          <ModelRating summary={summary} base={base} />
          <p>
            {summary.reviewed_size} reviewed comments · mean average precision{' '}
            {meanAp?.value === null || meanAp === null ? 'not measured yet' : percent(meanAp.value)}
            {meanAp?.note !== null && meanAp?.note !== undefined && ` (${meanAp.note})`}
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
                      {labelAdvice(entry.health, entry.reviewed_size)}
                      {(entry.health.smart?.actions ?? []).length > 0 && (
                        <ul aria-label={`Actions for ${name}`}>
                          {(entry.health.smart?.actions ?? []).map((action, j) => (
                            <ActionItem
                              key={j}
                              link={actionLink(base, { ...action, label: action.label ?? name })}
                            />
                          ))}
                        </ul>
                      )}
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
