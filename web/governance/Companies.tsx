import { useEffect, useState } from 'preact/hooks';
import { GRANT_RULES, type GrantRule } from '../../domain/vocabulary.js';
import { GRANT_RULE_WORDS } from '../../domain/wording.js';
import type { ApiResult, Company, CompanyDetail } from '../shared/api.js';
import { Alert, Badge, Notice } from '../shared/components.js';
import { ErrorFor, onSubmit, useBusy, useErrors, useLatest } from '../shared/forms.js';
import { gov } from './api.js';
import { type SectionProps, useGovernance } from './context.js';
import { ChangePreview, usePolicyText, usePreview } from './impact.js';

/** Extranet access per client company, and who may grant it; every change shows its impact before it applies. */
export function Companies({ active, visit }: SectionProps) {
  const g = useGovernance();
  const latest = useLatest();
  const [list, setList] = useState<{ n: number; companies: [Company, ApiResult<CompanyDetail> | null][] } | null>(null);
  const [error, setError] = useState('');
  const [notice, setNotice] = useState('');

  const load = async () => {
    const fresh = latest();
    setError('');
    const r = await gov.companies();
    if (!fresh()) return;
    if (!r.ok) return setError(r.error.message);
    g.setCompanies(r.data.companies);
    const details = await Promise.all(r.data.companies.map((c) => (c.kind === 'client' ? gov.company(c.id) : null)));
    if (!fresh()) return;
    setList((l) => ({ n: (l?.n ?? 0) + 1, companies: r.data.companies.map((c, i) => [c, details[i] ?? null]) }));
  };

  // read on each visit
  useEffect(() => {
    if (visit) void load();
  }, [visit]);

  return (
    <section id="section-companies" data-section="companies" hidden={!active} aria-labelledby="companies-title">
      <div class="card">
        <h2 id="companies-title">Companies</h2>
        <p class="hint">
          Extranet access per client company, and who may grant it. Only administrators change these; every change shows its impact before it applies.
        </p>
        <Alert id="companies-error">{error}</Alert>
        <Notice id="companies-notice" testid="companies-notice">
          {notice}
        </Notice>
        <div id="companies-list" data-testid="companies">
          {list?.companies.map(([c, detail]) => (
            <CompanyAccessForm
              key={`${c.id}-${list.n}`}
              company={c}
              detail={detail}
              onNotice={setNotice}
              onChanged={async (message) => {
                await load();
                setNotice(message);
              }}
            />
          ))}
        </div>
      </div>
    </section>
  );
}

function CompanyAccessForm({
  company: c,
  detail,
  onNotice,
  onChanged,
}: {
  company: Company;
  detail: ApiResult<CompanyDetail> | null;
  onNotice(message: string): void;
  onChanged(message: string): Promise<void>;
}) {
  const g = useGovernance();
  const policyText = usePolicyText();
  const errors = useErrors();
  const preview = usePreview(errors);
  const [busy, run] = useBusy();
  const d = detail?.ok ? detail.data : null;
  const [extranetEnabled, setEnabled] = useState(d?.extranetEnabled ?? false);
  const [grantAccess, setGrant] = useState<GrantRule>(d?.grantAccess ?? 'administrators');
  const prefix = `company-access-${c.id}`;
  const head = (
    <h3 id={`${prefix}-title`}>
      {c.name}
      {c.kind === 'client' && <Badge tone={c.extranetEnabled ? 'active' : 'disabled'}>{c.extranetEnabled ? 'Extranet on' : 'Extranet off'}</Badge>}
    </h3>
  );
  if (c.kind !== 'client')
    return (
      <section class="policy-company" aria-labelledby={`${prefix}-title`}>
        {head}
        <p class="muted">The agency itself: not a client company.</p>
      </section>
    );
  if (!d)
    return (
      <section class="policy-company" aria-labelledby={`${prefix}-title`}>
        {head}
        <p class="error" role="alert">
          {detail && !detail.ok ? detail.error.message : ''}
        </p>
      </section>
    );
  const admin = g.me.role === 'administrator';

  const submit = () => {
    onNotice('');
    const body = { extranetEnabled, grantAccess };
    return preview.start({
      title: `What this change at ${c.name} would do:`,
      preview: () => gov.companyAccess(c.id).preview(body),
      apply: () => gov.companyAccess(c.id).apply(body),
      done: () =>
        onChanged(`${c.name}: extranet access is ${body.extranetEnabled ? 'on' : 'off'}; ${GRANT_RULE_WORDS[body.grantAccess].toLowerCase()} may grant it.`),
    });
  };

  return (
    <form
      ref={errors.scope}
      class="policy-company"
      noValidate
      aria-labelledby={`${prefix}-title`}
      data-company-id={c.id}
      data-testid="company-access"
      onSubmit={onSubmit(run, submit)}
    >
      {head}
      <p class="muted">Company policy: {policyText(d.policy)}</p>
      <fieldset disabled={!admin}>
        <legend>Extranet access</legend>
        <div class="choice">
          <input
            type="checkbox"
            id={`${prefix}-enabled`}
            name="extranetEnabled"
            checked={extranetEnabled}
            aria-describedby={`${prefix}-extranetEnabled-error`}
            onChange={(e) => setEnabled(e.currentTarget.checked)}
          />
          <label for={`${prefix}-enabled`}>Extranet access is switched on</label>
        </div>
        <ErrorFor errors={errors} field="extranetEnabled" id={`${prefix}-extranetEnabled-error`} />
        <div class="field">
          <label for={`${prefix}-grant`}>Who may grant access</label>
          <select
            id={`${prefix}-grant`}
            name="grantAccess"
            aria-describedby={`${prefix}-grantAccess-error`}
            aria-invalid={errors.invalid('grantAccess')}
            value={grantAccess}
            onChange={(e) => setGrant(e.currentTarget.value as GrantRule)}
          >
            {GRANT_RULES.map((rule) => (
              <option key={rule} value={rule}>
                {GRANT_RULE_WORDS[rule]}
              </option>
            ))}
          </select>
        </div>
        <ErrorFor errors={errors} field="grantAccess" id={`${prefix}-grantAccess-error`} />
        <div class="actions">
          <button type="submit" disabled={busy}>
            Preview the change
          </button>
        </div>
      </fieldset>
      {!admin && <p class="hint">Only administrators change extranet access and who may grant it.</p>}
      <ErrorFor errors={errors} field="" />
      <ChangePreview preview={preview} testid="access-impact" level={4} />
    </form>
  );
}
