import { useEffect, useRef, useState } from 'preact/hooks';
import type { PortalCompany } from '../shared/api.js';
import { ErrorFor, onSubmit, useBusy, useErrors } from '../shared/forms.js';
import { api } from './api.js';
import { usePortal } from './context.js';

/** The "New request" form: only companies where the client may create requests, only their pipelines. */
export function NewRequest({
  open,
  companies,
  onClose,
  onCreated,
}: {
  open: boolean;
  companies: PortalCompany[];
  onClose(): void;
  onCreated(id: string): Promise<void>;
}) {
  const portal = usePortal();
  const errors = useErrors();
  const [busy, run] = useBusy();
  const preferred = () => {
    const def = portal.me.defaultCompany;
    return def && companies.some((c) => c.id === def.id) ? def.id : (companies[0]?.id ?? '');
  };
  const [companyId, setCompanyId] = useState(preferred);
  const pipelineIds = companies.find((c) => c.id === companyId)?.pipelineIds ?? [];
  const [pipelineId, setPipelineId] = useState(pipelineIds[0] ?? '');
  const [title, setTitle] = useState('');
  const [description, setDescription] = useState('');
  const titleInput = useRef<HTMLInputElement>(null);

  const reset = () => {
    const c = preferred();
    setCompanyId(c);
    setPipelineId(companies.find((x) => x.id === c)?.pipelineIds[0] ?? '');
    setTitle('');
    setDescription('');
  };

  // on opening only
  useEffect(() => {
    if (!open) return;
    errors.clear();
    titleInput.current?.focus();
  }, [open]);

  const submit = async () => {
    errors.clear();
    const body = { companyId, pipelineId, title: title.trim(), description };
    if (!body.title) return errors.fail('title', 'Give the request a title.');
    const r = await api.createRequest(body);
    if (portal.failed(r)) return errors.show(r.error);
    reset();
    await onCreated(r.data.id);
  };

  return (
    <form id="new-request" ref={errors.scope} hidden={!open} noValidate aria-labelledby="new-request-title" onSubmit={onSubmit(run, submit)}>
      <h4 id="new-request-title">New request</h4>
      <label for="new-request-company">Company</label>
      <select
        id="new-request-company"
        name="companyId"
        aria-describedby="new-request-companyId-error"
        aria-invalid={errors.invalid('companyId')}
        value={companyId}
        onChange={(e) => {
          const c = e.currentTarget.value;
          setCompanyId(c);
          setPipelineId(companies.find((x) => x.id === c)?.pipelineIds[0] ?? '');
        }}
      >
        {companies.map((c) => (
          <option key={c.id} value={c.id}>
            {c.name}
          </option>
        ))}
      </select>
      <ErrorFor errors={errors} field="companyId" id="new-request-companyId-error" />
      <label for="new-request-pipeline">Pipeline</label>
      <select
        id="new-request-pipeline"
        name="pipelineId"
        aria-describedby="new-request-pipelineId-error"
        aria-invalid={errors.invalid('pipelineId')}
        value={pipelineId}
        onChange={(e) => setPipelineId(e.currentTarget.value)}
      >
        {pipelineIds.map((id) => (
          <option key={id} value={id}>
            {portal.pipelines.get(id) ?? 'Pipeline'}
          </option>
        ))}
      </select>
      <ErrorFor errors={errors} field="pipelineId" id="new-request-pipelineId-error" />
      <label for="new-request-title-input">Title</label>
      <input
        ref={titleInput}
        id="new-request-title-input"
        name="title"
        maxLength={200}
        required
        aria-describedby="new-request-title-error"
        aria-invalid={errors.invalid('title')}
        value={title}
        onInput={(e) => setTitle(e.currentTarget.value)}
      />
      <ErrorFor errors={errors} field="title" id="new-request-title-error" />
      <label for="new-request-description">
        Description <span class="muted">(optional)</span>
      </label>
      <textarea
        id="new-request-description"
        name="description"
        maxLength={10000}
        aria-describedby="new-request-description-error"
        aria-invalid={errors.invalid('description')}
        value={description}
        onInput={(e) => setDescription(e.currentTarget.value)}
      />
      <ErrorFor errors={errors} field="description" id="new-request-description-error" />
      <button type="submit" id="new-request-submit" disabled={busy}>
        Create request
      </button>
      <button
        type="button"
        id="new-request-cancel"
        class="secondary"
        onClick={() => {
          reset();
          errors.clear();
          onClose();
        }}
      >
        Cancel
      </button>
      <ErrorFor errors={errors} field="" id="new-request-error" />
    </form>
  );
}
