import { useEffect, useRef, useState } from 'preact/hooks';
import type { AuditEntry, AuditFilter } from '../shared/api.js';
import { TableScroll } from '../shared/components.js';
import { humanize, when } from '../shared/format.js';
import { ErrorFor, SelectField, onSubmit, useBusy, useErrors, useLatest } from '../shared/forms.js';
import { gov } from './api.js';
import { type SectionProps, useGovernance } from './context.js';

/** "Audit of this link": a fresh filter on one link. */
export interface AuditPreset {
  linkId: string;
  n: number;
}

const compactJson = (v: unknown) => (v === null || v === undefined ? '—' : JSON.stringify(v));

/** The audit trail of both services, newest first, by link, company or actor. */
export function Audit({ active, visit, preset }: SectionProps & { preset: AuditPreset | null }) {
  const g = useGovernance();
  const errors = useErrors();
  const [busy, run] = useBusy();
  const latest = useLatest();
  const [filter, setFilter] = useState<Required<AuditFilter>>({ linkId: '', companyId: '', actorId: '' });
  const [entries, setEntries] = useState<AuditEntry[] | null>(null);
  const applied = useRef(0);

  const load = async (f: Required<AuditFilter>) => {
    const fresh = latest();
    errors.clear();
    const r = await gov.audit({ linkId: f.linkId.trim(), companyId: f.companyId, actorId: f.actorId });
    if (!fresh()) return;
    setEntries(null);
    if (!r.ok) return errors.show(r.error);
    setEntries(r.data.entries);
  };

  // read on each visit, with the preset when one is new
  useEffect(() => {
    if (!visit) return;
    let f = filter;
    if (preset && preset.n !== applied.current) {
      applied.current = preset.n;
      f = { linkId: preset.linkId, companyId: '', actorId: '' };
      setFilter(f);
    }
    void load(f);
  }, [visit]);

  const actorName = (a: AuditEntry['actor']) => (a.kind === 'employee' ? (g.employees.get(a.id) ?? a.id) : `${humanize(a.kind)} · ${a.id}`);
  const set = (k: keyof AuditFilter, v: string) => setFilter((f) => ({ ...f, [k]: v }));

  return (
    <section id="section-audit" data-section="audit" hidden={!active} aria-labelledby="audit-title">
      <div class="card">
        <h2 id="audit-title">Audit</h2>
        <search aria-label="Filter the audit log">
          <form id="audit-filter" ref={errors.scope} class="toolbar" noValidate onSubmit={onSubmit(run, () => load(filter))}>
            <div class="field">
              <label for="audit-link">Link id</label>
              <input
                id="audit-link"
                type="text"
                name="linkId"
                autocomplete="off"
                spellcheck={false}
                maxLength={36}
                aria-describedby="audit-linkId-error"
                aria-invalid={errors.invalid('linkId')}
                value={filter.linkId}
                onInput={(e) => set('linkId', e.currentTarget.value)}
              />
            </div>
            <SelectField
              id="audit-company"
              name="companyId"
              label="Company"
              value={filter.companyId}
              none="Any company"
              options={[...g.companyNames]}
              onChange={(v) => set('companyId', v)}
            />
            <SelectField
              id="audit-actor"
              name="actorId"
              label="Actor"
              value={filter.actorId}
              none="Anyone"
              options={[...g.employees]}
              onChange={(v) => set('actorId', v)}
            />
            <button type="submit" id="audit-search" disabled={busy}>
              Show
            </button>
            <div class="toolbar-errors">
              <ErrorFor errors={errors} field="linkId" id="audit-linkId-error" />
              <ErrorFor errors={errors} field="companyId" id="audit-companyId-error" />
              <ErrorFor errors={errors} field="actorId" id="audit-actorId-error" />
              <ErrorFor errors={errors} field="" id="audit-error" />
            </div>
          </form>
        </search>
        <TableScroll name="Audit entries">
          <table aria-labelledby="audit-title">
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Actor</th>
                <th scope="col">Action</th>
                <th scope="col">Entity</th>
                <th scope="col">Before → after</th>
              </tr>
            </thead>
            <tbody id="audit-body" data-testid="audit">
              {entries?.map((e) => (
                <tr key={e.id} data-entry-id={String(e.id)} data-testid="audit-row">
                  <td>{when(e.at)}</td>
                  <td>{actorName(e.actor)}</td>
                  <td>
                    <code>{e.action}</code>
                  </td>
                  <td>
                    {humanize(e.entityType)} <code>{e.entityId ?? ''}</code>
                  </td>
                  <td>
                    <pre class="compact">{`${compactJson(e.before)} → ${compactJson(e.after)}`}</pre>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
        <p id="audit-empty" class="muted" hidden={entries?.length !== 0}>
          No entry matches.
        </p>
      </div>
    </section>
  );
}
