import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { LINK_STATUS_WORDS } from '../../../domain/wording.js';
import type { Company, Contact, LinkReview, PortalUser } from '../../shared/api.js';
import { fullName, wordOf } from '../../shared/format.js';
import { ErrorFor, onSubmit, useBusy, useErrors, useLatest } from '../../shared/forms.js';
import { gov } from '../api.js';

export interface Choice {
  companyIds: string[];
  defaultCompanyId: string;
  contactId: string;
}

/** Step 2: the client companies, the default one, and the CRM contact (a contact of every chosen company). */
export function CompaniesAndContact({
  hidden,
  heading,
  user,
  companies,
  choice,
  setChoice,
  onBack,
  onReviewed,
}: {
  hidden: boolean;
  heading: ComponentChildren;
  user: PortalUser;
  /** Null while they load. */
  companies: Company[] | null | 'error';
  choice: Choice;
  setChoice(c: Choice): void;
  onBack(): void;
  onReviewed(review: LinkReview): void;
}) {
  const errors = useErrors();
  const [busy, run] = useBusy();
  const latest = useLatest();
  const [contacts, setContacts] = useState<Contact[] | null | { error: string }>(null);
  const { companyIds, defaultCompanyId, contactId } = choice;

  // The contacts of the first chosen company, narrowed to those of every chosen one.
  // read again when the chosen companies change
  useEffect(() => {
    const fresh = latest();
    if (!companyIds.length) return setContacts(null);
    setContacts(null);
    void gov.contacts(companyIds[0]!).then((r) => {
      if (!fresh()) return;
      if (!r.ok) return setContacts({ error: r.error.message });
      const list = r.data.contacts.filter((c) => companyIds.every((id) => (c.companyIds ?? []).includes(id)));
      setContacts(list);
      if (!list.some((c) => c.id === choice.contactId)) {
        // The contact with the user's email, when there is one.
        const same = list.find((c) => c.email && c.email.toLowerCase() === user.email.toLowerCase());
        setChoice({ ...choice, contactId: same ? same.id : '' });
      }
    });
  }, [companyIds.join()]);

  const toggleCompany = (id: string, on: boolean) => {
    const ids = on ? [...companyIds, id] : companyIds.filter((x) => x !== id);
    const def = ids.includes(defaultCompanyId) ? defaultCompanyId : ids.length === 1 ? ids[0]! : '';
    setChoice({ companyIds: ids, defaultCompanyId: def, contactId: ids.length ? contactId : '' });
  };

  const review = async () => {
    errors.clear();
    if (!companyIds.length) return errors.fail('companyIds', 'Choose at least one company.');
    if (!defaultCompanyId) return errors.fail('defaultCompanyId', 'Choose the default company.');
    if (!contactId) return errors.fail('contactId', 'Choose the CRM contact.');
    const r = await gov.reviewLink({ userId: user.id, contactId, companyIds, defaultCompanyId });
    if (!r.ok) return errors.show(r.error);
    onReviewed(r.data);
  };

  const name = (id: string) => (Array.isArray(companies) ? companies.find((c) => c.id === id)?.name : undefined) ?? id;
  const chosenCompanies = Array.isArray(companies) ? companies.filter((c) => companyIds.includes(c.id)).map((c) => c.id) : companyIds;

  return (
    <form id="wizard-step-2" ref={errors.scope} data-step="2" hidden={hidden} noValidate aria-labelledby="wizard-step-2-title" onSubmit={onSubmit(run, review)}>
      {heading}
      <p>
        Portal user:{' '}
        <strong id="wizard-user-summary" data-testid="wizard-user">
          {`${fullName(user)} (${user.login}, ${user.email})`}
        </strong>
      </p>
      <fieldset aria-describedby="wizard-companyIds-error">
        <legend>Client companies</legend>
        <div id="wizard-companies" data-testid="wizard-companies">
          {companies === null && <p class="muted">Loading…</p>}
          {companies === 'error' && (
            <p class="error" role="alert">
              The companies cannot be read now; go back and choose the user again.
            </p>
          )}
          {Array.isArray(companies) && !companies.length && <p class="muted">There is no client company.</p>}
          {Array.isArray(companies) &&
            companies.map((c) => (
              <div key={c.id} class="choice">
                <input
                  type="checkbox"
                  id={`wizard-company-${c.id}`}
                  name="companyIds"
                  value={c.id}
                  checked={companyIds.includes(c.id)}
                  aria-describedby="wizard-companyIds-error"
                  onChange={(e) => toggleCompany(c.id, e.currentTarget.checked)}
                />
                <label for={`wizard-company-${c.id}`}>{c.name}</label>
                {c.extranetEnabled === false && <span class="muted">(extranet disabled)</span>}
              </div>
            ))}
        </div>
        <ErrorFor errors={errors} field="companyIds" id="wizard-companyIds-error" />
      </fieldset>
      <fieldset aria-describedby="wizard-defaultCompanyId-error">
        <legend>Default company</legend>
        <div id="wizard-default" data-testid="wizard-default">
          {!chosenCompanies.length && <p class="muted">Choose at least one company.</p>}
          {chosenCompanies.map((cid) => (
            <div key={cid} class="choice">
              <input
                type="radio"
                id={`wizard-default-${cid}`}
                name="defaultCompanyId"
                value={cid}
                checked={cid === defaultCompanyId}
                aria-describedby="wizard-defaultCompanyId-error"
                onChange={() => setChoice({ ...choice, defaultCompanyId: cid })}
              />
              <label for={`wizard-default-${cid}`}>{name(cid)}</label>
            </div>
          ))}
        </div>
        <ErrorFor errors={errors} field="defaultCompanyId" id="wizard-defaultCompanyId-error" />
      </fieldset>
      <fieldset aria-describedby="wizard-contactId-error">
        <legend>CRM contact</legend>
        <div id="wizard-contacts" data-testid="wizard-contacts">
          {!companyIds.length && <p class="muted">Choose a company first.</p>}
          {companyIds.length > 0 && contacts === null && <p class="muted">Loading contacts…</p>}
          {contacts && 'error' in contacts && (
            <p class="error" role="alert">
              {contacts.error}
            </p>
          )}
          {Array.isArray(contacts) && !contacts.length && (
            <p class="muted">{companyIds.length > 1 ? 'No contact belongs to all the chosen companies.' : 'This company has no contact.'}</p>
          )}
          {Array.isArray(contacts) &&
            contacts.map((c) => {
              const id = `wizard-contact-${c.id}`;
              return (
                <div key={c.id} class="choice">
                  <input
                    type="radio"
                    id={id}
                    name="contactId"
                    value={c.id}
                    checked={c.id === contactId}
                    aria-describedby={`${id}-email wizard-contactId-error`}
                    onChange={() => setChoice({ ...choice, contactId: c.id })}
                  />
                  <label for={id}>{fullName(c)}</label>
                  <span id={`${id}-email`} class="muted">
                    {c.email || ''}
                  </span>
                  {/* One portal user belongs to one person: say who already holds the contact. */}
                  {c.heldBy && (
                    <span class="muted" data-testid="contact-held-by">
                      {` · already linked to ${c.heldBy.login} (${wordOf(LINK_STATUS_WORDS, c.heldBy.status).toLowerCase()})`}
                    </span>
                  )}
                </div>
              );
            })}
        </div>
        <ErrorFor errors={errors} field="contactId" id="wizard-contactId-error" />
      </fieldset>
      <div class="actions">
        <button type="button" id="wizard-back-1" class="secondary" onClick={onBack}>
          Back
        </button>
        <button type="submit" id="wizard-review-submit" disabled={busy}>
          Review
        </button>
      </div>
      <ErrorFor errors={errors} field="" id="wizard-step-2-error" />
    </form>
  );
}
