export const ROOT: string;
export const FINGERPRINT_FILE: string;
export const NOT_COMPILED: string[];
export function sourceFingerprint(root?: string): string;
export function compiledMain(root?: string, dist?: string): string | undefined;
