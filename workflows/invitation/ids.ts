/** The workflow id of an invitation's lifetime. */
export const invitationWorkflowId = (invitationId: string) => `invitation-${invitationId}`;
