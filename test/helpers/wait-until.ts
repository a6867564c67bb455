/**
 * Resolves once `condition` holds, checking every `everyMs`; for state another process changes (a SQLite file,
 * a bot process), where there is no event to wait for.
 * @throws Error (rejects) after `timeoutMs`, naming what was awaited.
 */
export async function waitUntil(
  what: string,
  condition: () => boolean | Promise<boolean>,
  { timeoutMs = 10_000, everyMs = 20 }: { timeoutMs?: number; everyMs?: number } = {},
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}
