import { useEffect, useState } from 'preact/hooks';
import type { Company, LinkDetail } from '../../shared/api.js';
import { ErrorFor, onSubmit, useBusy, useErrors } from '../../shared/forms.js';
import { gov } from '../api.js';
import { useGovernance } from '../context.js';
import { ChangePreview, usePreview } from '../impact.js';

/** "Change companies": the client companies of the link and its default, previewed before applying. */
export function LinkCompaniesForm({ link, open, onClose, onChanged }: { link: LinkDetail; open: boolean; onClose(): void; onChanged(): Promise<void> }) {
  const g = useGovernance();
  const errors = useErrors();
  const preview = usePreview(errors);
  const [busy, run] = useBusy();
  const [clients, setClients] = useState<Company[] | null>(null);
  const [chosen, setChosen] = useState(() => link.companies.map((c) => c.id));
  const [preferred, setPreferred] = useState(link.defaultCompanyId);

  // on opening: the choices as the link has them
  useEffect(() => {
    errors.clear();
    preview.close();
    if (!open) return;
    setChosen(link.companies.map((c) => c.id));
    setPreferred(link.defaultCompanyId);
    void g.clientCompanies().then(setClients);
  }, [open]);

  // Only client companies: the agency itself is not one.
  const ids = [...g.companyNames.keys()].filter((id) => !clients || clients.some((c) => c.id === id));
  const checked = ids.filter((id) => chosen.includes(id));
  const def = checked.includes(preferred) ? preferred : (checked[0] ?? '');

  const submit = () =>
    preview.start({
      title: 'What changing the companies would do:',
      preview: () => gov.linkCompanies(link.id).preview({ companyIds: checked, defaultCompanyId: def }),
      apply: () => gov.linkCompanies(link.id).apply({ companyIds: checked, defaultCompanyId: def }),
      done: onChanged,
    });

  return (
    <form
      id="link-companies-form"
      ref={errors.scope}
      class="panel"
      hidden={!open}
      noValidate
      aria-labelledby="link-companies-form-title"
      data-testid="link-companies-form"
      onSubmit={onSubmit(run, submit)}
    >
      <h5 id="link-companies-form-title">Change the companies of this link</h5>
      <fieldset aria-describedby="link-companyIds-error">
        <legend>Client companies</legend>
        <div id="link-companies-choices">
          {ids.map((cid) => (
            <div key={cid} class="choice">
              <input
                type="checkbox"
                id={`link-company-${cid}`}
                name="companyIds"
                value={cid}
                checked={chosen.includes(cid)}
                aria-describedby="link-companyIds-error"
                onChange={(e) => {
                  const on = e.currentTarget.checked;
                  setChosen((list) => (on ? [...list, cid] : list.filter((x) => x !== cid)));
                }}
              />
              <label for={`link-company-${cid}`}>{g.companyName(cid)}</label>
            </div>
          ))}
        </div>
        <ErrorFor errors={errors} field="companyIds" id="link-companyIds-error" />
      </fieldset>
      <fieldset aria-describedby="link-defaultCompanyId-error">
        <legend>Default company</legend>
        <div id="link-default-choices">
          {!checked.length && <p class="muted">Choose at least one company.</p>}
          {checked.map((cid) => (
            <div key={cid} class="choice">
              <input
                type="radio"
                id={`link-default-${cid}`}
                name="defaultCompanyId"
                value={cid}
                checked={cid === def}
                aria-describedby="link-defaultCompanyId-error"
                onChange={() => setPreferred(cid)}
              />
              <label for={`link-default-${cid}`}>{g.companyName(cid)}</label>
            </div>
          ))}
        </div>
        <ErrorFor errors={errors} field="defaultCompanyId" id="link-defaultCompanyId-error" />
      </fieldset>
      <div class="actions">
        <button type="submit" id="link-companies-preview" disabled={busy}>
          Preview the change
        </button>
        <button type="button" id="link-companies-close" class="secondary" onClick={onClose}>
          Close
        </button>
      </div>
      <ErrorFor errors={errors} field="" id="link-companies-error" />
      <ChangePreview preview={preview} id="link-companies-impact" testid="companies-preview" panel={false} />
    </form>
  );
}
