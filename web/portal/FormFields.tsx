import type { Attachment, FormField } from '../shared/api.js';
import { FilePicker } from '../shared/files.js';
import { ErrorFor, type Errors } from '../shared/forms.js';
import { api } from './api.js';
import { usePortal } from './context.js';

/** The values of a request form as the client fills it: text by field key, and the file chosen for each file field. */
export interface FormValues {
  values: Record<string, string>;
  files: Record<string, Attachment[]>;
}

/** A required field's mark beside its label; the control itself is `required`. */
export function RequiredMark() {
  return (
    <span class="required-mark" aria-hidden="true">
      *
    </span>
  );
}

/** The field's name in the server's errors (`fields.<key>`), and so in the form. */
export const fieldName = (f: FormField) => `fields.${f.key}`;

/** What is wrong with a field's value before anything is sent, or ''. */
export function problemOf(f: FormField, form: FormValues): string {
  const value = (form.values[f.key] ?? '').trim();
  if (f.type === 'file') return f.required && !form.files[f.key]?.length ? `Choose a file for ${f.label}.` : '';
  if (!value) return f.required ? `${f.label} is required.` : '';
  if (f.type === 'number' && !/^-?\d+(\.\d+)?$/.test(value)) return `${f.label} must be a number, such as 12 or 4.5.`;
  if (f.type === 'date' && !/^\d{4}-\d{2}-\d{2}$/.test(value)) return `${f.label} must be a date.`;
  return '';
}

/** The fields of a pipeline's request form, each kind with its own control, its label, its required mark and its error slot. */
export function FormFields({
  fields,
  form,
  errors,
  update,
  onUploading,
}: {
  fields: FormField[];
  form: FormValues;
  errors: Errors;
  /** Changes the values from the latest ones: an upload may end after other fields were typed in. */
  update(change: (form: FormValues) => FormValues): void;
  onUploading(uploading: boolean): void;
}) {
  const portal = usePortal();
  const setValue = (key: string, value: string) => update((v) => ({ ...v, values: { ...v.values, [key]: value } }));

  return (
    <>
      {fields.map((f) => {
        const id = `new-request-field-${f.key}`;
        const name = fieldName(f);
        const errorId = `${id}-error`;
        const label = (
          <>
            {f.label}
            {f.required && <RequiredMark />}
          </>
        );
        if (f.type === 'file')
          return (
            <FilePicker
              key={f.id || f.key}
              id={id}
              field={name}
              label={label}
              required={f.required}
              files={form.files[f.key] ?? []}
              errors={errors}
              testid={`field-${f.key}`}
              upload={async (file) => {
                const r = await api.upload(file);
                portal.failed(r);
                return r;
              }}
              remove={(fileId) => api.deleteAttachment(fileId)}
              onChange={(files) => update((v) => ({ ...v, files: { ...v.files, [f.key]: files } }))}
              onUploading={onUploading}
            />
          );
        const common = {
          id,
          name,
          required: f.required,
          'aria-describedby': errorId,
          'aria-invalid': errors.invalid(name),
          value: form.values[f.key] ?? '',
        };
        return (
          <div key={f.id || f.key} class="field" data-testid={`field-${f.key}`}>
            <label for={id}>{label}</label>
            {f.type === 'long_text' ? (
              <textarea {...common} maxLength={10000} onInput={(e) => setValue(f.key, e.currentTarget.value)} />
            ) : f.type === 'select' ? (
              <select {...common} onChange={(e) => setValue(f.key, e.currentTarget.value)}>
                <option value="">Choose…</option>
                {f.options.map((o) => (
                  <option key={o} value={o}>
                    {o}
                  </option>
                ))}
              </select>
            ) : f.type === 'date' ? (
              <input {...common} type="date" onInput={(e) => setValue(f.key, e.currentTarget.value)} />
            ) : f.type === 'number' ? (
              <input {...common} type="text" inputMode="decimal" autocomplete="off" maxLength={30} onInput={(e) => setValue(f.key, e.currentTarget.value)} />
            ) : (
              <input {...common} type="text" maxLength={1000} onInput={(e) => setValue(f.key, e.currentTarget.value)} />
            )}
            <ErrorFor errors={errors} field={name} id={errorId} />
          </div>
        );
      })}
    </>
  );
}
