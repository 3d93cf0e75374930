import { ErrorBanner } from '../../../components/ui/error-banner';
import { Loading } from '../../../components/ui/loading';
import { useProjects, useSources } from '../hooks/use-datasets';

/** Projects and the sources inside each. */
export function ProjectsPage() {
  const projects = useProjects();
  const sources = useSources();
  return (
    <main>
      <h1>Projects</h1>
      {(projects.isPending || sources.isPending) && <Loading />}
      <ErrorBanner error={projects.error ?? sources.error} />
      {projects.data?.projects.length === 0 && <p>No projects yet.</p>}
      {projects.data?.projects.map((project) => {
        const own = (sources.data?.sources ?? []).filter((s) => s.owner === project.name);
        return (
          <section key={project.id} className="card" aria-labelledby={`project-${project.id}`}>
            <h2 id={`project-${project.id}`}>
              {project.title !== '' ? project.title : project.name} <small>({project.name})</small>
            </h2>
            {project.description !== '' && <p>{project.description}</p>}
            <h3>Sources</h3>
            {own.length === 0 ? (
              <p>No sources.</p>
            ) : (
              <ul>
                {own.map((source) => (
                  <li key={source.id}>
                    {source.owner}/{source.name}
                    {source.title !== '' && ` — ${source.title}`} <small>({source.language})</small>
                  </li>
                ))}
              </ul>
            )}
          </section>
        );
      })}
    </main>
  );
}
