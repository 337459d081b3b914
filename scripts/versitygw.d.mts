export const VERSITYGW_VERSION: string;
export function findVersitygw(env?: NodeJS.ProcessEnv): string | undefined;
