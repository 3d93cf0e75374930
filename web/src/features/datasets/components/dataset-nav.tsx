import { NavLink } from 'react-router';

type Props = { project: string; dataset: string };

/** The per-dataset sub-navigation (Explore, Train, Validation, Reports, Streams). */
export function DatasetNav({ project, dataset }: Props) {
  const base = `/datasets/${encodeURIComponent(project)}/${encodeURIComponent(dataset)}`;
  return (
    <nav aria-label="Dataset" className="dataset-nav">
      <span className="dataset-name">
        {project}/{dataset}
      </span>
      <NavLink to={base} end>
        Taxonomy
      </NavLink>
      <NavLink to={`${base}/explore`}>Explore</NavLink>
      <NavLink to={`${base}/train`}>Train</NavLink>
      <NavLink to={`${base}/validation`}>Validation</NavLink>
      <NavLink to={`${base}/reports`}>Trends</NavLink>
      <NavLink to={`${base}/streams`}>Stream setup</NavLink>
    </nav>
  );
}
