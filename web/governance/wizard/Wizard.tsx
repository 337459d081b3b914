import { useEffect, useRef, useState } from 'preact/hooks';
import type { Company, LinkReview, PortalUser } from '../../shared/api.js';
import { Alert, Facts } from '../../shared/components.js';
import { fullName } from '../../shared/format.js';
import { useBusy } from '../../shared/forms.js';
import { gov } from '../api.js';
import { type SectionProps, useGovernance } from '../context.js';
import { ChooseUser } from './ChooseUser.js';
import { CompaniesAndContact, type Choice } from './CompaniesAndContact.js';

const STEPS = ['Portal user', 'Companies and contact', 'Review', 'Confirm'];
type Step = 1 | 2 | 3 | 4;

/**
 * The link wizard: choose or create the portal user, the companies and the CRM
 * contact, review the exact combination, confirm (which starts the onboarding
 * and emails the invitation). Its state stays while other sections are shown.
 */
export function Wizard({ active, visit }: SectionProps) {
  const [step, setStep] = useState<Step>(1);
  const [run, setRun] = useState(0);
  const [user, setUser] = useState<PortalUser | null>(null);
  const [choice, setChoice] = useState<Choice>({ companyIds: [], defaultCompanyId: '', contactId: '' });
  const [review, setReview] = useState<LinkReview | null>(null);
  const [confirmed, setConfirmed] = useState<{ linkId: string } | null>(null);
  const [clients, setClients] = useState<Company[] | null | 'error'>(null);
  const headings = useRef<(HTMLHeadingElement | null)[]>([]);
  const focusStep = useRef(false);

  const go = (n: Step) => {
    setStep(n);
    focusStep.current = true;
  };
  // The new step's heading takes the focus, so a keyboard or screen reader user starts there.
  useEffect(() => {
    if (!focusStep.current) return;
    focusStep.current = false;
    headings.current[step]?.focus();
  });

  // The first visit starts the wizard; later visits find it as it was left.
  useEffect(() => {
    if (visit === 1) go(1);
  }, [visit]);

  const restart = () => {
    setUser(null);
    setChoice({ companyIds: [], defaultCompanyId: '', contactId: '' });
    setReview(null);
    setConfirmed(null);
    setRun((n) => n + 1);
    go(1);
  };

  const chooseUser = (u: PortalUser) => {
    setUser(u);
    setReview(null);
    go(2);
    if (!clients || clients === 'error') void gov.companies().then((r) => setClients(r.ok ? r.data.companies.filter((c) => c.kind === 'client') : 'error'));
  };

  const heading = (n: Step, text: string) => (
    <h3
      id={`wizard-step-${n}-title`}
      tabIndex={-1}
      ref={(el) => {
        headings.current[n] = el;
      }}
    >
      {text}
    </h3>
  );

  return (
    <section id="section-wizard" data-section="wizard" class="card" hidden={!active} aria-labelledby="wizard-title">
      <h2 id="wizard-title">Link a client user</h2>
      <ol class="steps" id="wizard-steps" aria-label="Steps">
        {STEPS.map((name, i) => (
          <li key={name} data-step={i + 1} aria-current={i + 1 === step ? 'step' : undefined} class={i + 1 < step ? 'done' : undefined}>
            {name}
          </li>
        ))}
      </ol>

      <section id="wizard-step-1" data-step="1" hidden={step !== 1} aria-labelledby="wizard-step-1-title">
        {heading(1, 'Step 1 · Choose or create the portal user')}
        <ChooseUser key={run} onChoose={chooseUser} />
      </section>

      {user && (
        <CompaniesAndContact
          key={`${run}-${user.id}`}
          hidden={step !== 2}
          heading={heading(2, 'Step 2 · Companies and contact')}
          user={user}
          companies={clients}
          choice={choice}
          setChoice={setChoice}
          onBack={() => go(1)}
          onReviewed={(r) => {
            setReview(r);
            go(3);
          }}
        />
      )}

      <section id="wizard-step-3" data-step="3" hidden={step !== 3} aria-labelledby="wizard-step-3-title">
        {heading(3, 'Step 3 · Review')}
        <p>Check the combination. Confirming creates the link, applies the starter policy and emails the invitation.</p>
        {review && (
          <ReviewStep
            review={review}
            onBack={() => go(2)}
            onConfirmed={(c) => {
              setConfirmed(c);
              go(4);
            }}
          />
        )}
      </section>

      <section id="wizard-step-4" data-step="4" hidden={step !== 4} aria-labelledby="wizard-step-4-title">
        {heading(4, 'Step 4 · Confirmed')}
        {confirmed && review && <Confirmed linkId={confirmed.linkId} email={review.user.email} onRestart={restart} />}
      </section>
    </section>
  );
}

function ReviewStep({ review, onBack, onConfirmed }: { review: LinkReview; onBack(): void; onConfirmed(c: { linkId: string }): void }) {
  const [busy, run] = useBusy();
  const [error, setError] = useState('');
  const def = review.companies.find((c) => c.id === review.defaultCompanyId);
  const confirm = () =>
    run(async () => {
      setError('');
      const r = await gov.confirmLink(review.reviewId);
      if (!r.ok) return setError(r.error.message);
      onConfirmed(r.data);
    });
  return (
    <>
      <Facts
        id="wizard-review"
        testid="wizard-review"
        rows={[
          ['Portal user', `${fullName(review.user)} · ${review.user.login} · ${review.user.email}`],
          ['CRM contact', `${fullName(review.contact)} · ${review.contact.email}`],
          ['Companies', review.companies.map((c) => c.name).join(', ')],
          ['Default company', def ? def.name : '—'],
          // The invitation goes to the address of the account it activates.
          ['Invitation sent to', review.user.email],
        ]}
      />
      <div class="actions">
        <button type="button" id="wizard-back-2" class="secondary" disabled={busy} onClick={onBack}>
          Back
        </button>
        <button type="button" id="wizard-confirm" data-testid="wizard-confirm" disabled={busy} onClick={confirm}>
          Confirm and send the invitation
        </button>
      </div>
      <Alert id="wizard-confirm-error">{error}</Alert>
    </>
  );
}

function Confirmed({ linkId, email, onRestart }: { linkId: string; email: string; onRestart(): void }) {
  const g = useGovernance();
  return (
    <>
      <div class="success" role="status" data-testid="wizard-done">
        <p class="flush">
          Link{' '}
          <code id="wizard-link-id" data-testid="wizard-link-id">
            {linkId}
          </code>{' '}
          is confirmed.
        </p>
        <p id="wizard-mail-note" class="flush-bottom">
          The invitation email is on its way to {email}.
        </p>
      </div>
      <div class="actions">
        <button type="button" id="wizard-open-link" onClick={() => g.openLink(linkId)}>
          Open the link
        </button>
        <button type="button" id="wizard-restart" class="secondary" onClick={onRestart}>
          Link another user
        </button>
      </div>
    </>
  );
}
