/** The workflow id of a link's onboarding; the link id comes from the confirmed review, so a double confirm finds the same workflow. */
export const onboardingWorkflowId = (linkId: string) => `onboarding-${linkId}`;
