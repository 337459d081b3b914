import { useEffect, useState } from 'preact/hooks';
import type { PipelineDetail } from '../../shared/api.js';
import { Alert, Badge, TableScroll } from '../../shared/components.js';
import { plural } from '../../shared/format.js';
import { useLatest } from '../../shared/forms.js';
import { gov } from '../api.js';
import { type SectionProps, useGovernance } from '../context.js';
import { PipelineForm } from './PipelineForm.js';

/** Pipelines and their request forms: every employee reads them; administrators and department leads create and change them. */
export function Pipelines({ active, visit }: SectionProps) {
  const g = useGovernance();
  const latest = useLatest();
  const [pipelines, setPipelines] = useState<PipelineDetail[] | null>(null);
  const [error, setError] = useState('');
  // The pipeline open in the editor ('new' for a new one), and how often it was opened, so each opening starts afresh.
  const [open, setOpen] = useState<{ id: string; n: number } | null>(null);

  const load = async () => {
    const fresh = latest();
    setError('');
    const r = await gov.pipelines();
    if (!fresh()) return;
    if (!r.ok) return setError(r.error.message);
    setPipelines(r.data.pipelines);
    g.setPipelines(r.data.pipelines);
  };

  // read on each visit
  useEffect(() => {
    if (visit) void load();
  }, [visit]);

  const edit = (id: string) => {
    setOpen((o) => ({ id, n: (o?.n ?? 0) + 1 }));
  };
  const current = open && open.id !== 'new' ? pipelines?.find((p) => p.id === open.id) : undefined;

  return (
    <section id="section-pipelines" data-section="pipelines" hidden={!active} aria-labelledby="pipelines-title">
      <div class="card">
        <div class="actions heading-row">
          <h2 id="pipelines-title">Pipelines</h2>
          {g.managesPipelines && (
            <button type="button" id="pipeline-new" class="secondary" onClick={() => edit('new')}>
              New pipeline
            </button>
          )}
        </div>
        <p class="hint">
          Each pipeline has a responsible (without one it accepts no client requests), followers, and the form clients fill in.{' '}
          {g.managesPipelines ? 'Administrators and department leads change them.' : 'Only administrators and department leads change them; you can read them.'}
        </p>
        <Alert id="pipelines-error">{error}</Alert>
        <TableScroll name="Pipelines table">
          <table aria-labelledby="pipelines-title">
            <thead>
              <tr>
                <th scope="col">Pipeline</th>
                <th scope="col">Responsible</th>
                <th scope="col">Followers</th>
                <th scope="col">Request form</th>
                <th scope="col">Client requests</th>
              </tr>
            </thead>
            <tbody data-testid="pipelines">
              {pipelines?.map((p) => (
                <tr key={p.id} data-testid="pipeline-row" data-pipeline-id={p.id} class={p.id === open?.id ? 'selected' : undefined}>
                  <td>
                    <button type="button" class="link" aria-label={`Open the pipeline ${p.name}`} onClick={() => edit(p.id)}>
                      {p.name}
                    </button>
                  </td>
                  <td>{p.responsible?.name ?? <span class="muted">Nobody</span>}</td>
                  <td>{p.followers.map((f) => f.name).join(', ') || <span class="muted">None</span>}</td>
                  <td>
                    {p.fields.length ? `${plural(p.fields.length, 'field')}: ${p.fields.map((f) => f.label).join(', ')}` : <span class="muted">No fields</span>}
                  </td>
                  <td>
                    <Badge tone={p.acceptsClientRequests ? 'active' : 'disabled'}>{p.acceptsClientRequests ? 'Accepted' : 'Not accepted'}</Badge>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      </div>
      {open && (open.id === 'new' || current) && (
        <PipelineForm
          key={open.n}
          pipeline={current ?? null}
          readOnly={!g.managesPipelines}
          onClose={() => setOpen(null)}
          onSaved={async (saved) => {
            await load();
            // The editor stays open on the saved pipeline, as it is now.
            setOpen((o) => ({ id: saved.id, n: o?.n ?? 0 }));
          }}
        />
      )}
    </section>
  );
}
