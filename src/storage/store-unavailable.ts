/** Node's codes for a connection that could not be made or was lost. */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
]);
/** PostgreSQL's: too many connections, shutting down, cannot connect now (SQLSTATE 53300, 57P01–57P03). */
const POSTGRES_CODES = new Set(['53300', '57P01', '57P02', '57P03']);

/**
 * Whether an error says the store could not be reached (rather than that the request was wrong): worth
 * trying again later. In webhook mode such an update is answered 5xx so that Telegram delivers it again.
 */
export function isStoreUnavailable(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') {
      // SQLSTATE class 08: connection exceptions.
      if (NETWORK_CODES.has(code) || POSTGRES_CODES.has(code) || /^08[0-9A-Z]{3}$/.test(code)) return true;
      if (code === 'SQLITE_BUSY' || code === 'SQLITE_IOERR') return true;
    }
    if (
      /timeout exceeded when trying to connect|Connection terminated|Client has encountered a connection error/.test(
        e.message,
      )
    )
      return true;
  }
  return false;
}
