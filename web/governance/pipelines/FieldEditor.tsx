import { FORM_FIELD_TYPE_WORDS } from '../../../domain/wording.js';
import { FORM_FIELD_TYPES, type FormField, type FormFieldType, type PipelineInput } from '../../shared/api.js';
import { Choice, ErrorFor, type Errors, SelectField } from '../../shared/forms.js';

/** A form field as the editor holds it: the options as lines of text, and whether the key was typed (else it follows the label). */
export interface FieldDraft {
  uid: number;
  id: string;
  key: string;
  keyTyped: boolean;
  label: string;
  type: FormFieldType;
  required: boolean;
  optionsText: string;
  visibleToClients: boolean;
}

let uids = 0;
const KEY = /^[a-z][a-z0-9_]{0,39}$/;

export const draftOf = (f: FormField): FieldDraft => ({
  uid: ++uids,
  id: f.id,
  key: f.key,
  keyTyped: true,
  label: f.label,
  type: f.type,
  required: f.required,
  optionsText: f.options.join('\n'),
  visibleToClients: f.visibleToClients,
});

export const newDraft = (): FieldDraft => ({
  uid: ++uids,
  id: '',
  key: '',
  keyTyped: false,
  label: '',
  type: 'text',
  required: false,
  optionsText: '',
  visibleToClients: true,
});

const optionsOf = (f: FieldDraft) =>
  f.optionsText
    .split('\n')
    .map((o) => o.trim())
    .filter(Boolean);

export const inputOf = (f: FieldDraft): PipelineInput['fields'][number] => ({
  ...(f.id ? { id: f.id } : {}),
  key: f.key,
  label: f.label.trim(),
  type: f.type,
  required: f.required,
  options: f.type === 'select' ? optionsOf(f) : [],
  visibleToClients: f.visibleToClients,
});

/** A key made from a label: "Delivery date" → "delivery_date". */
export function keyFrom(label: string): string {
  const k = label
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, 40);
  return /^[a-z]/.test(k) ? k : k ? `field_${k}`.slice(0, 40) : '';
}

/** What is wrong with a field before the pipeline is sent, named as the server names it (`fields[i].key`), or null. */
export function fieldProblem(f: FieldDraft, i: number, all: FieldDraft[]): { field: string; message: string } | null {
  const at = `fields[${i}]`;
  if (!f.label.trim()) return { field: `${at}.label`, message: 'Give the field a label.' };
  if (!KEY.test(f.key)) return { field: `${at}.key`, message: 'A key starts with a lowercase letter, then lowercase letters, digits or "_" (at most 40).' };
  if (all.findIndex((x) => x.key === f.key) !== i) return { field: `${at}.key`, message: `Another field already has the key "${f.key}".` };
  if (f.type === 'select' && !optionsOf(f).length) return { field: `${at}.options`, message: 'A choice needs at least one option, one per line.' };
  return null;
}

/** One field of the request form in the pipeline editor: label, key, kind, options, required, visible to clients; moved or removed. */
export function FieldEditor({
  field: f,
  index: i,
  count,
  errors,
  onChange,
  onMove,
  onRemove,
}: {
  field: FieldDraft;
  index: number;
  count: number;
  errors: Errors;
  onChange(f: FieldDraft): void;
  onMove(to: number): void;
  onRemove(): void;
}) {
  const p = `pipeline-field-${f.uid}`;
  const at = `fields[${i}]`;
  const name = f.label.trim() || `number ${i + 1}`;
  return (
    <li class="field-editor" data-testid="pipeline-field">
      <fieldset aria-describedby={`${p}-error`}>
        <legend>
          Field {i + 1}
          {f.label.trim() ? `: ${f.label.trim()}` : ''}
        </legend>
        <div class="field-grid">
          <div class="field">
            <label for={`${p}-label`}>Label</label>
            <input
              id={`${p}-label`}
              type="text"
              name={`${at}.label`}
              maxLength={200}
              required
              aria-describedby={`${p}-label-error`}
              aria-invalid={errors.invalid(`${at}.label`)}
              value={f.label}
              onInput={(e) => {
                const label = e.currentTarget.value;
                onChange({ ...f, label, key: f.keyTyped ? f.key : keyFrom(label) });
              }}
            />
            <ErrorFor errors={errors} field={`${at}.label`} id={`${p}-label-error`} />
          </div>
          <div class="field">
            <label for={`${p}-key`}>Key</label>
            <input
              id={`${p}-key`}
              type="text"
              name={`${at}.key`}
              maxLength={40}
              required
              autocomplete="off"
              spellcheck={false}
              aria-describedby={`${p}-key-hint ${p}-key-error`}
              aria-invalid={errors.invalid(`${at}.key`)}
              value={f.key}
              onInput={(e) => onChange({ ...f, key: e.currentTarget.value, keyTyped: true })}
            />
            <p id={`${p}-key-hint`} class="hint">
              Lowercase letters, digits and “_”. {f.id ? 'Renaming it keeps the field and the values already given.' : ''}
            </p>
            <ErrorFor errors={errors} field={`${at}.key`} id={`${p}-key-error`} />
          </div>
          <SelectField
            id={`${p}-type`}
            name={`${at}.type`}
            label="Kind"
            errorId={`${p}-error`}
            value={f.type}
            options={FORM_FIELD_TYPES.map((t) => [t, FORM_FIELD_TYPE_WORDS[t]] as const)}
            onChange={(v) => onChange({ ...f, type: v as FormFieldType })}
          />
        </div>
        {f.type === 'select' && (
          <div class="field">
            <label for={`${p}-options`}>Options, one per line</label>
            <textarea
              id={`${p}-options`}
              name={`${at}.options`}
              rows={4}
              aria-describedby={`${p}-options-error`}
              aria-invalid={errors.invalid(`${at}.options`)}
              value={f.optionsText}
              onInput={(e) => onChange({ ...f, optionsText: e.currentTarget.value })}
            />
            <ErrorFor errors={errors} field={`${at}.options`} id={`${p}-options-error`} />
          </div>
        )}
        <Choice
          id={`${p}-required`}
          label="Required"
          input={
            <input
              type="checkbox"
              id={`${p}-required`}
              name={`${at}.required`}
              checked={f.required}
              onChange={(e) => onChange({ ...f, required: e.currentTarget.checked })}
            />
          }
        />
        <Choice
          id={`${p}-visible`}
          label="Visible to clients (else hidden: the team’s own)"
          input={
            <input
              type="checkbox"
              id={`${p}-visible`}
              name={`${at}.visibleToClients`}
              checked={f.visibleToClients}
              onChange={(e) => onChange({ ...f, visibleToClients: e.currentTarget.checked })}
            />
          }
        />
        <div class="actions">
          <button type="button" class="secondary" disabled={i === 0} aria-label={`Move up the field ${name}`} onClick={() => onMove(i - 1)}>
            Move up
          </button>
          <button type="button" class="secondary" disabled={i === count - 1} aria-label={`Move down the field ${name}`} onClick={() => onMove(i + 1)}>
            Move down
          </button>
          <button type="button" class="danger" aria-label={`Remove the field ${name}`} onClick={onRemove}>
            Remove
          </button>
        </div>
        <ErrorFor errors={errors} field={at} id={`${p}-error`} />
      </fieldset>
    </li>
  );
}
