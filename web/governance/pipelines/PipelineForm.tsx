import { useEffect, useRef, useState } from 'preact/hooks';
import type { PipelineDetail, PipelineInput } from '../../shared/api.js';
import { Notice } from '../../shared/components.js';
import { Choice, ErrorFor, SelectField, onSubmit, useBusy, useErrors } from '../../shared/forms.js';
import { gov } from '../api.js';
import { useGovernance } from '../context.js';
import { type FieldDraft, FieldEditor, draftOf, fieldProblem, inputOf, newDraft } from './FieldEditor.js';

/** One pipeline's settings: name, responsible, followers and its request form; read-only for employees who may not change it. */
export function PipelineForm({
  pipeline,
  readOnly,
  onClose,
  onSaved,
}: {
  pipeline: PipelineDetail | null;
  readOnly: boolean;
  onClose(): void;
  onSaved(saved: PipelineDetail): Promise<void>;
}) {
  const g = useGovernance();
  const errors = useErrors();
  const [busy, run] = useBusy();
  // Set once a new pipeline is created: the editor then changes it.
  const [id, setId] = useState(pipeline?.id ?? '');
  const [name, setName] = useState(pipeline?.name ?? '');
  const [responsibleId, setResponsibleId] = useState(pipeline?.responsible?.id ?? '');
  const [followerIds, setFollowerIds] = useState(pipeline?.followers.map((f) => f.id) ?? []);
  const [fields, setFields] = useState<FieldDraft[]>(() => pipeline?.fields.map(draftOf) ?? []);
  const [notice, setNotice] = useState('');
  const [refused, setRefused] = useState(false);
  const [focusField, setFocusField] = useState<number | null>(null);
  const article = useRef<HTMLElement>(null);
  const nameInput = useRef<HTMLInputElement>(null);
  const locked = readOnly || refused;

  const employees = [...g.employees].sort((a, b) => a[1].localeCompare(b[1]));
  // People chosen earlier who are no longer employees stay listed, so saving does not drop them silently.
  for (const p of [pipeline?.responsible, ...(pipeline?.followers ?? [])])
    if (p && !employees.some(([x]) => x === p.id)) employees.push([p.id, p.name || p.id]);

  // on opening
  useEffect(() => {
    article.current?.scrollIntoView({ block: 'nearest' });
    if (!locked) nameInput.current?.focus();
  }, []);

  // A new field: its label gets the focus.
  useEffect(() => {
    if (focusField === null) return;
    article.current?.querySelector<HTMLInputElement>(`#pipeline-field-${focusField}-label`)?.focus();
    setFocusField(null);
  }, [focusField]);

  const submit = async () => {
    errors.clear();
    setNotice('');
    if (!name.trim()) return errors.fail('name', 'Give the pipeline a name.');
    for (const [i, f] of fields.entries()) {
      const problem = fieldProblem(f, i, fields);
      if (problem) return errors.fail(problem.field, problem.message);
    }
    const body: PipelineInput = { name: name.trim(), responsibleId, followerIds, fields: fields.map(inputOf) };
    const r = id ? await gov.savePipeline(id, body) : await gov.createPipeline(body);
    if (!r.ok) {
      if (r.status === 403) {
        setRefused(true);
        return errors.show({ message: 'Only administrators and department leads change pipelines; this one is shown read-only.' });
      }
      return errors.show(r.error);
    }
    setId(r.data.id);
    setFields(r.data.fields.map(draftOf));
    setNotice(
      `The pipeline ${r.data.name} is ${id ? 'saved' : 'created'}.${r.data.acceptsClientRequests ? '' : ' It accepts no client requests until someone is responsible for it.'}`,
    );
    await onSaved(r.data);
  };

  const title = id ? `Pipeline ${name || pipeline?.name || ''}`.trim() : 'New pipeline';
  return (
    <article id="pipeline-editor" ref={article} class="card" aria-labelledby="pipeline-editor-title" data-testid="pipeline-editor">
      <div class="actions heading-row">
        <h3 id="pipeline-editor-title">{title}</h3>
        <button type="button" id="pipeline-close" class="secondary" onClick={onClose}>
          Close
        </button>
      </div>
      {readOnly && (
        <p class="hint" id="pipeline-read-only">
          Only administrators and department leads change pipelines: you can read this one.
        </p>
      )}
      <form id="pipeline-form" ref={errors.scope} noValidate aria-labelledby="pipeline-editor-title" onSubmit={onSubmit(run, submit)}>
        <fieldset class="plain-fieldset" disabled={locked}>
          <legend class="visually-hidden">Pipeline settings</legend>
          <div class="field">
            <label for="pipeline-name">Name</label>
            <input
              ref={nameInput}
              id="pipeline-name"
              type="text"
              name="name"
              maxLength={100}
              required
              aria-describedby="pipeline-name-error"
              aria-invalid={errors.invalid('name')}
              value={name}
              onInput={(e) => setName(e.currentTarget.value)}
            />
            <ErrorFor errors={errors} field="name" id="pipeline-name-error" />
          </div>
          <SelectField
            id="pipeline-responsible"
            name="responsibleId"
            label="Responsible"
            errorId="pipeline-responsibleId-error"
            invalid={errors.invalid('responsibleId')}
            value={responsibleId}
            none="Nobody — the pipeline accepts no client requests"
            options={employees}
            onChange={setResponsibleId}
          />
          <ErrorFor errors={errors} field="responsibleId" id="pipeline-responsibleId-error" />
          <fieldset aria-describedby="pipeline-followerIds-error">
            <legend>Followers</legend>
            <div class="checks">
              {employees.map(([eid, ename]) => (
                <Choice
                  key={eid}
                  id={`pipeline-follower-${eid}`}
                  label={ename}
                  input={
                    <input
                      type="checkbox"
                      id={`pipeline-follower-${eid}`}
                      name="followerIds"
                      value={eid}
                      checked={followerIds.includes(eid)}
                      onChange={(e) => {
                        const on = e.currentTarget.checked;
                        setFollowerIds((list) => (on ? [...list, eid] : list.filter((x) => x !== eid)));
                      }}
                    />
                  }
                />
              ))}
            </div>
          </fieldset>
          <ErrorFor errors={errors} field="followerIds" id="pipeline-followerIds-error" />

          <h4 id="pipeline-fields-title">Request form</h4>
          <p class="hint">The fields clients fill in when they create a request here, in this order. A hidden field is the team’s own: clients never see it.</p>
          <ErrorFor errors={errors} field="fields" id="pipeline-fields-error" />
          <ol class="field-editors" aria-labelledby="pipeline-fields-title" data-testid="pipeline-fields">
            {fields.map((f, i) => (
              <FieldEditor
                key={f.uid}
                field={f}
                index={i}
                count={fields.length}
                errors={errors}
                onChange={(next) => setFields((list) => list.map((x) => (x.uid === f.uid ? next : x)))}
                onMove={(to) =>
                  setFields((list) => {
                    const copy = list.filter((x) => x.uid !== f.uid);
                    copy.splice(to, 0, f);
                    return copy;
                  })
                }
                onRemove={() => setFields((list) => list.filter((x) => x.uid !== f.uid))}
              />
            ))}
          </ol>
          {!fields.length && <p class="muted">No fields: clients give a title and a description only.</p>}
          <div class="actions">
            <button
              type="button"
              id="pipeline-add-field"
              class="secondary"
              onClick={() => {
                const draft = newDraft();
                setFields((list) => [...list, draft]);
                setFocusField(draft.uid);
              }}
            >
              Add a field
            </button>
          </div>
          <div class="actions">
            <button type="submit" id="pipeline-save" disabled={busy}>
              {id ? 'Save the pipeline' : 'Create the pipeline'}
            </button>
          </div>
        </fieldset>
        <ErrorFor errors={errors} field="" id="pipeline-error" />
        <Notice id="pipeline-notice" testid="pipeline-notice">
          {notice}
        </Notice>
      </form>
    </article>
  );
}
