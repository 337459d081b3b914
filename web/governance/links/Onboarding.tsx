import type { LinkDetail } from '../../shared/api.js';
import { humanize } from '../../shared/format.js';

/** Where the link's onboarding workflow is. */
export function Onboarding({ onboarding }: { onboarding: LinkDetail['onboarding'] }) {
  return (
    <>
      <h4 id="link-onboarding-title">Onboarding workflow</h4>
      <p id="link-onboarding" data-testid="onboarding">
        {onboardingText(onboarding)}
      </p>
    </>
  );
}

function onboardingText(ob: LinkDetail['onboarding']): string {
  if (!ob) return 'No onboarding workflow for this link.';
  if (!('step' in ob)) return `The onboarding workflow cannot be read now (${ob.error}).`;
  return `Step: ${humanize(ob.step)}${ob.outcome ? ` · outcome: ${humanize(ob.outcome)}` : ''} · workflow ${humanize(String(ob.state).toLowerCase())}`;
}
