/** Dates leave the BFF as ISO-8601 UTC strings; null stays null. */
export const iso = (d: Date | string | null | undefined): string | null => (d ? new Date(d).toISOString() : null);
