import { useEffect, useState } from 'preact/hooks';
import { PERMISSIONS, type Permission } from '../../../domain/vocabulary.js';
import { PERMISSION_WORDS } from '../../../domain/wording.js';
import type { ApiResult, CompanyDetail, LinkDetail, Policy, PolicyAnswer } from '../../shared/api.js';
import { Notice } from '../../shared/components.js';
import { fullName, plural } from '../../shared/format.js';
import { ErrorFor, onSubmit, useBusy, useErrors, useLatest } from '../../shared/forms.js';
import { gov } from '../api.js';
import { useGovernance } from '../context.js';
import { ImpactView, usePolicyText } from '../impact.js';

type Answers = [ApiResult<CompanyDetail>, ApiResult<Policy>][];

/** Per company of the link: what the client gets, and the company and contact policies, each previewed before it is saved. */
export function Permissions({ link, version, notice, onSaved }: { link: LinkDetail; version: number; notice: string; onSaved(notice: string): Promise<void> }) {
  const policyText = usePolicyText();
  const latest = useLatest();
  const [answers, setAnswers] = useState<{ version: number; ids: string; list: Answers } | null>(null);
  const ids = link.companies.map((c) => c.id).join();

  // read again with each read of the link
  useEffect(() => {
    const fresh = latest();
    void Promise.all(link.companies.map((c) => Promise.all([gov.company(c.id), gov.contactPolicyOf(link.contact.id, c.id)]))).then((a) => {
      if (fresh()) setAnswers({ version, ids, list: a });
    });
  }, [version]);

  return (
    <article id="link-permissions-card" class="card" aria-labelledby="link-permissions-title" data-testid="link-permissions">
      <h3 id="link-permissions-title">Permissions</h3>
      <p class="hint">
        The client gets what both the company policy and the contact policy allow. A contact policy can narrow the company policy, never widen it. Preview shows
        who gains or loses what before you save.
      </p>
      <Notice id="permissions-notice" testid="permissions-notice">
        {notice}
      </Notice>
      <div id="link-permissions">
        {!link.companies.length && <p class="muted">The link has no company.</p>}
        {answers?.ids === ids &&
          link.companies.map((c, i) => {
            const [company, contact] = answers.list[i]!;
            const gets =
              c.extranetEnabled === false
                ? 'Nothing: extranet access is switched off for this company.'
                : link.status !== 'active'
                  ? `Nothing while the link is ${link.status}. When active: ${policyText(c.effectivePolicy)}`
                  : policyText(c.effectivePolicy);
            const contactName = fullName(link.contact);
            const base = `${c.id}-${answers.version}`;
            return (
              <section key={base} class="policy-company" aria-labelledby={`permissions-${c.id}-title`} data-company-id={c.id} data-testid="policy-company">
                <h4 id={`permissions-${c.id}-title`} class="flush">
                  {c.name}
                </h4>
                <div class="client-gets" role="status" data-testid="client-gets">
                  <strong>This is what the client gets</strong>
                  <span>{gets}</span>
                </div>
                <div class="columns">
                  <PolicyEditor
                    kind="company"
                    companyId={c.id}
                    title={`Company policy of ${c.name}`}
                    hint="The perimeter for every contact of the company."
                    answer={company.ok ? { ok: true, policy: company.data.policy } : company}
                    change={gov.companyPolicy(c.id)}
                    onSaved={onSaved}
                  />
                  <PolicyEditor
                    kind="contact"
                    companyId={c.id}
                    title={`Contact policy of ${contactName}`}
                    hint={`Narrows the company policy for ${contactName} only.`}
                    answer={contact.ok ? { ok: true, policy: contact.data } : contact}
                    change={gov.contactPolicy(link.contact.id, c.id)}
                    onSaved={onSaved}
                  />
                </div>
              </section>
            );
          })}
      </div>
    </article>
  );
}

/** One policy as checkboxes: the permissions and the pipelines; Preview shows the impact, Save applies. */
function PolicyEditor({
  kind,
  companyId,
  title,
  hint,
  answer,
  change,
  onSaved,
}: {
  kind: 'company' | 'contact';
  companyId: string;
  title: string;
  hint: string;
  answer: { ok: true; policy: Policy } | { ok: false; error: { message: string } };
  change: { preview(body: Policy): Promise<ApiResult<PolicyAnswer>>; apply(body: Policy): Promise<ApiResult<PolicyAnswer>> };
  onSaved(notice: string): Promise<void>;
}) {
  const g = useGovernance();
  const policyText = usePolicyText();
  const errors = useErrors();
  const [saving, run] = useBusy();
  const [previewing, runPreview] = useBusy();
  const initial = answer.ok ? answer.policy : { permissions: [], pipelineIds: [] };
  const [permissions, setPermissions] = useState<Permission[]>(initial.permissions);
  const [pipelineIds, setPipelineIds] = useState<string[]>(initial.pipelineIds);
  const [impact, setImpact] = useState<PolicyAnswer | null>(null);
  const prefix = `${kind}-policy-${companyId}`;

  const head = (
    <>
      <h5 id={`${prefix}-title`}>{title}</h5>
      <p class="hint">{hint}</p>
    </>
  );
  if (!answer.ok)
    return (
      <form noValidate aria-labelledby={`${prefix}-title`} data-testid={`${kind}-policy-editor`} data-company-id={companyId}>
        {head}
        <p class="error" role="alert">
          {answer.error.message}
        </p>
      </form>
    );

  const shown = [...new Set([...g.pipelines.keys(), ...initial.pipelineIds])];
  const body = (): Policy => ({ permissions: PERMISSIONS.filter((p) => permissions.includes(p)), pipelineIds: shown.filter((id) => pipelineIds.includes(id)) });
  const toggle = <T,>(list: T[], value: T, on: boolean) => (on ? [...list, value] : list.filter((x) => x !== value));

  const preview = () =>
    runPreview(async () => {
      errors.clear();
      setImpact(null);
      const r = await change.preview(body());
      if (!r.ok) return errors.show(r.error);
      setImpact(r.data);
    });
  const save = async () => {
    errors.clear();
    const r = await change.apply(body());
    if (!r.ok) return errors.show(r.error);
    const n = r.data.impact ? r.data.impact.links.length : 0;
    await onSaved(`The ${kind} policy is saved. ${n ? `${plural(n, 'client link')} changed.` : 'No client’s access changed.'}`);
  };

  return (
    <form
      ref={errors.scope}
      noValidate
      aria-labelledby={`${prefix}-title`}
      data-testid={`${kind}-policy-editor`}
      data-company-id={companyId}
      onSubmit={onSubmit(run, save)}
    >
      {head}
      <fieldset aria-describedby={`${prefix}-permissions-error`}>
        <legend>Permissions</legend>
        <div class="checks">
          {PERMISSIONS.map((p) => (
            <div key={p} class="choice">
              <input
                type="checkbox"
                id={`${prefix}-perm-${p}`}
                name="permissions"
                value={p}
                checked={permissions.includes(p)}
                onChange={(e) => setPermissions(toggle(permissions, p, e.currentTarget.checked))}
              />
              <label for={`${prefix}-perm-${p}`}>{PERMISSION_WORDS[p].label}</label>
            </div>
          ))}
        </div>
        <ErrorFor errors={errors} field="permissions" id={`${prefix}-permissions-error`} />
      </fieldset>
      <fieldset aria-describedby={`${prefix}-pipelineIds-error`}>
        <legend>Pipelines</legend>
        <div class="checks">
          {shown.map((pid) => (
            <div key={pid} class="choice">
              <input
                type="checkbox"
                id={`${prefix}-pipe-${pid}`}
                name="pipelineIds"
                value={pid}
                checked={pipelineIds.includes(pid)}
                onChange={(e) => setPipelineIds(toggle(pipelineIds, pid, e.currentTarget.checked))}
              />
              <label for={`${prefix}-pipe-${pid}`}>{g.pipelines.get(pid) ?? pid}</label>
            </div>
          ))}
          {!shown.length && <p class="muted">There is no pipeline.</p>}
        </div>
        <ErrorFor errors={errors} field="pipelineIds" id={`${prefix}-pipelineIds-error`} />
      </fieldset>
      <div class="actions">
        <button type="button" class="secondary" data-testid="policy-preview" disabled={previewing} onClick={preview}>
          Preview
        </button>
        <button type="submit" data-testid="policy-save" disabled={saving}>
          Save
        </button>
      </div>
      <ErrorFor errors={errors} field="" />
      <div class="panel" hidden={!impact} data-testid="policy-impact" aria-live="polite">
        {impact && (
          <>
            <h5>If you save this policy:</h5>
            <ImpactView impact={impact.impact} />
            {impact.effectivePolicy && (
              <p data-testid="policy-impact-effective">
                <strong>The client would get: </strong>
                {policyText(impact.effectivePolicy)}
              </p>
            )}
          </>
        )}
      </div>
    </form>
  );
}
