export const ROOT: string;
export const TOOLS_BIN: string;
export const TEMPORAL_VERSION: string;
export function findTemporalCli(env?: NodeJS.ProcessEnv): string | undefined;
