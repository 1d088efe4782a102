/** Whether web/dist is missing or older than any of the web app's sources. */
export function webIsStale(): boolean;
/** Builds web/dist unless it is up to date (`force` builds anyway); returns whether it built. */
export function ensureWebBuilt(opts?: { force?: boolean; quiet?: boolean }): Promise<boolean>;
