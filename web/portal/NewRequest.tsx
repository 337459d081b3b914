import { useEffect, useRef, useState } from 'preact/hooks';
import type { Attachment, NewClientRequest, PortalCompany } from '../shared/api.js';
import { FilePicker, useUploading } from '../shared/files.js';
import { ErrorFor, type ErrorLike, onSubmit, useBusy, useErrors } from '../shared/forms.js';
import { api } from './api.js';
import { usePortal } from './context.js';
import { FormFields, type FormValues, fieldName, problemOf, RequiredMark } from './FormFields.js';
import { RequestSummary } from './RequestSummary.js';

const EMPTY: FormValues = { values: {}, files: {} };

/**
 * A new request, in two steps: the pipeline's form (only companies where the
 * client may create requests, only their pipelines; files uploaded as they are
 * chosen), then a summary to check before it is submitted. A pipeline that
 * accepts no requests says why instead of showing its form.
 */
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
  const firstPipeline = (companyId: string) => companies.find((x) => x.id === companyId)?.pipelineIds[0] ?? '';
  const [step, setStep] = useState<'form' | 'summary'>('form');
  const [companyId, setCompanyId] = useState(preferred);
  const pipelineIds = companies.find((c) => c.id === companyId)?.pipelineIds ?? [];
  const [pipelineId, setPipelineId] = useState(() => firstPipeline(companyId));
  const pipeline = portal.pipelines.get(pipelineId);
  const [title, setTitle] = useState('');
  const [description, setDescription] = useState('');
  const [form, setForm] = useState<FormValues>(EMPTY);
  const [extra, setExtra] = useState<Attachment[]>([]);
  const [uploading, onUploading] = useUploading();
  // A refusal naming a field of the form, shown once the form is back on screen.
  const [pending, setPending] = useState<ErrorLike | null>(null);
  const [summaryError, setSummaryError] = useState('');
  const titleInput = useRef<HTMLInputElement>(null);

  const fields = pipeline?.fields ?? [];
  const accepts = pipeline ? pipeline.acceptsClientRequests : true;
  const uploads = () => [...Object.values(form.files).flat(), ...extra];

  /** Files uploaded for this form and not sent: deleted when the form is left or its pipeline changes. */
  const discard = (files: Attachment[]) => {
    for (const f of files) void api.deleteAttachment(f.id);
  };

  const reset = () => {
    const c = preferred();
    setStep('form');
    setCompanyId(c);
    setPipelineId(firstPipeline(c));
    setTitle('');
    setDescription('');
    setForm(EMPTY);
    setExtra([]);
    setSummaryError('');
  };

  const choosePipeline = (id: string) => {
    discard(Object.values(form.files).flat());
    setForm(EMPTY);
    errors.clear();
    setPipelineId(id);
  };

  // on opening only
  useEffect(() => {
    if (!open) return;
    errors.clear();
    titleInput.current?.focus();
  }, [open]);

  // Back on the form: focus its first field, or the one a refusal names.
  useEffect(() => {
    if (step !== 'form' || !open) return;
    if (pending) {
      errors.show(pending);
      setPending(null);
    }
  }, [step, pending]);

  const review = () => {
    errors.clear();
    if (!title.trim()) return errors.fail('title', 'Give the request a title.');
    for (const f of fields) {
      const problem = problemOf(f, form);
      if (problem) return errors.fail(fieldName(f), problem);
    }
    setSummaryError('');
    setStep('summary');
  };

  const body = (): NewClientRequest => {
    const values: Record<string, string> = {};
    for (const f of fields) {
      const value = f.type === 'file' ? (form.files[f.key]?.[0]?.id ?? '') : (form.values[f.key] ?? '').trim();
      if (value) values[f.key] = value;
    }
    return { companyId, pipelineId, title: title.trim(), description, fields: values, attachmentIds: [...new Set(uploads().map((a) => a.id))] };
  };

  const submit = async () => {
    setSummaryError('');
    const r = await api.createRequest(body());
    if (portal.failed(r)) {
      // A refusal naming a field goes beside that field, on the form.
      if (r.error.details.field) {
        setPending(r.error);
        setStep('form');
        return;
      }
      return setSummaryError(r.error.message);
    }
    reset();
    await onCreated(r.data.id);
  };

  return (
    <div id="new-request" hidden={!open}>
      <form
        id="new-request-form"
        ref={errors.scope}
        hidden={step !== 'form'}
        noValidate
        aria-labelledby="new-request-title"
        data-testid="new-request-form"
        onSubmit={(e) => {
          e.preventDefault();
          review();
        }}
      >
        <h4 id="new-request-title">New request</h4>
        <p class="hint">
          Fields marked <RequiredMark /> <span class="visually-hidden">with an asterisk</span> are required. You can check everything before it is sent.
        </p>
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
            choosePipeline(firstPipeline(c));
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
          onChange={(e) => choosePipeline(e.currentTarget.value)}
        >
          {pipelineIds.map((id) => (
            <option key={id} value={id}>
              {portal.pipelineName(id) || 'Pipeline'}
            </option>
          ))}
        </select>
        <ErrorFor errors={errors} field="pipelineId" id="new-request-pipelineId-error" />
        {!accepts && (
          <p id="new-request-refusal" class="notice" data-testid="new-request-refusal">
            {pipeline?.name ?? 'This pipeline'} does not accept requests at the moment: {pipeline?.refusal || 'ask your account manager why'}.
          </p>
        )}
        <div hidden={!accepts}>
          <label for="new-request-title-input">
            Title
            <RequiredMark />
          </label>
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
          <FormFields fields={fields} form={form} errors={errors} update={setForm} onUploading={onUploading} />
          <FilePicker
            id="new-request-files"
            field="attachmentIds"
            label={
              <>
                Other files <span class="muted">(optional)</span>
              </>
            }
            hint="Each file is uploaded as you choose it, and sent with the request."
            multiple
            files={extra}
            errors={errors}
            testid="new-request-files"
            upload={async (file) => {
              const r = await api.upload(file);
              portal.failed(r);
              return r;
            }}
            remove={(id) => api.deleteAttachment(id)}
            onChange={setExtra}
            onUploading={onUploading}
          />
          <button type="submit" id="new-request-review" disabled={uploading}>
            Review the request
          </button>
        </div>
        <button
          type="button"
          id="new-request-cancel"
          class="secondary"
          onClick={() => {
            discard(uploads());
            reset();
            errors.clear();
            onClose();
          }}
        >
          Cancel
        </button>
        <ErrorFor errors={errors} field="" id="new-request-error" />
      </form>
      {step === 'summary' && (
        <RequestSummary
          company={companies.find((c) => c.id === companyId)?.name ?? ''}
          pipeline={pipeline?.name ?? portal.pipelineName(pipelineId)}
          title={title.trim()}
          description={description}
          fields={fields}
          form={form}
          files={uploads()}
          busy={busy}
          error={summaryError}
          onBack={() => {
            setStep('form');
            requestAnimationFrame(() => titleInput.current?.focus());
          }}
          onSubmit={onSubmit(run, submit)}
        />
      )}
    </div>
  );
}
