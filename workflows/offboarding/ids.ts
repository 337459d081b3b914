/** The workflow id of ending a link's collaboration. */
export const offboardingWorkflowId = (linkId: string) => `offboarding-${linkId}`;
