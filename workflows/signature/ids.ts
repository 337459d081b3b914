/** The workflow id that follows one signature request. */
export const signatureWorkflowId = (signatureRequestId: string) => `signature-${signatureRequestId}`;
