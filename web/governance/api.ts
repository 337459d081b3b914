import { createGovernanceApi } from '../shared/api.js';

/** The governance area's one client; App tells it what to do when the employee's session ends. */
export const gov = createGovernanceApi();
