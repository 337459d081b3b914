import { useEffect, useRef } from 'preact/hooks';
import type { Attachment, FormField } from '../shared/api.js';
import { Alert, Facts } from '../shared/components.js';
import { fileSize } from '../shared/format.js';
import type { FormValues } from './FormFields.js';

/** The new request as it will be sent, to check before submitting it: "Back" returns to the form with everything kept. */
export function RequestSummary({
  company,
  pipeline,
  title,
  description,
  fields,
  form,
  files,
  busy,
  error,
  onBack,
  onSubmit,
}: {
  company: string;
  pipeline: string;
  title: string;
  description: string;
  fields: FormField[];
  form: FormValues;
  files: Attachment[];
  busy: boolean;
  error: string;
  onBack(): void;
  onSubmit(e: Event): void;
}) {
  const heading = useRef<HTMLHeadingElement>(null);
  // The summary replaces the form: the keyboard's and the screen reader's place moves to it.
  useEffect(() => heading.current?.focus(), []);
  const shown = (f: FormField) => {
    if (f.type === 'file') return form.files[f.key]?.[0]?.name ?? '';
    return (form.values[f.key] ?? '').trim();
  };

  return (
    <form id="new-request-summary" class="summary" noValidate aria-labelledby="new-request-summary-title" data-testid="new-request-summary" onSubmit={onSubmit}>
      <h4 id="new-request-summary-title" ref={heading} tabIndex={-1}>
        Check your request
      </h4>
      <p class="hint">This is what will be sent. Go back to change anything.</p>
      <Facts
        id="new-request-summary-facts"
        rows={[
          ['Company', company],
          ['Pipeline', pipeline],
          ['Title', title],
          ['Description', description.trim() ? <span class="description">{description}</span> : <span class="muted">None</span>],
          ...fields.map((f): [string, string] => [f.label, shown(f) || '—']),
          [
            'Files',
            files.length ? (
              <ul class="files" aria-label="Files sent with the request">
                {files.map((a) => (
                  <li key={a.id}>
                    {a.name} <span class="muted">· {fileSize(a.size)}</span>
                  </li>
                ))}
              </ul>
            ) : (
              <span class="muted">None</span>
            ),
          ],
        ]}
      />
      <button type="button" id="new-request-back" class="secondary" onClick={onBack}>
        Back
      </button>
      <button type="submit" id="new-request-submit" disabled={busy}>
        Submit
      </button>
      <Alert id="new-request-summary-error" testid="new-request-summary-error">
        {error}
      </Alert>
    </form>
  );
}
