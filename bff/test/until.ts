type Truthy<T> = Exclude<T, false | null | undefined | 0 | ''>;

/**
 * Waits until `check` gives a truthy value (sync or async) and returns it; fails naming `what`.
 * For waiting on pushes and processes, never for asserting how fast something is.
 */
export async function until<T>(check: () => T | Promise<T>, what: string, timeoutMs = 15_000): Promise<Truthy<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await Promise.resolve()
      .then(check)
      .catch(() => undefined);
    if (value) return value as Truthy<T>;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
