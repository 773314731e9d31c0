export function bundleInputsHash(root: string): string;
export function bundleStampPath(root: string): string;
