/** Every workflow the worker runs; the worker bundles this module. */
export { onboardingWorkflow } from './onboarding/workflow.js';
export { invitationWorkflow } from './invitation/workflow.js';
export { offboardingWorkflow } from './offboarding/workflow.js';
export { signatureWorkflow } from './signature/workflow.js';
export { fanOutWorkflow, notifyWorkflow } from './notify/workflow.js';
