/**
 * The few named errors of the project. Expected outcomes (a locked dossier, an ineligible applicant)
 * are values, not errors; these are for input that cannot be used and for broken configuration.
 */

/** A command-line call whose words are off: exit status 2, one line on stderr. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** Input the user handed us (a facts file, a photo path) that does not satisfy its schema. */
export class InputError extends Error {
  override name = 'InputError';
  constructor(
    message: string,
    /** Where in the input, e.g. `facts.json: institutions`. */
    readonly where: string,
    options?: ErrorOptions,
  ) {
    super(`${where}: ${message}`, options);
  }
}

/** A flow file that cannot be used; `problems` lists every one found, each with its place in the file. */
export class FlowError extends Error {
  override name = 'FlowError';
  constructor(
    readonly file: string,
    readonly problems: readonly FlowProblem[],
    options?: ErrorOptions,
  ) {
    const first = problems[0];
    const more =
      problems.length > 1 ? ` (and ${problems.length - 1} more problem(s); run \`nmle flows check\`)` : '';
    super(first ? `${formatFlowProblem(file, first)}${more}` : `${file}: invalid flow`, options);
  }
}

export interface FlowProblem {
  /** Path inside the file, e.g. `routes[3].materials[2]`. */
  readonly path: string;
  readonly message: string;
  /** 1-based line in the file, when known. */
  readonly line?: number;
}

export function formatFlowProblem(file: string, problem: FlowProblem): string {
  const at = problem.line ? `${file}:${problem.line}` : file;
  return `${at}: ${problem.path || '(top)'}: ${problem.message}`;
}

/** The environment does not give a usable configuration; names the variable and what was expected. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

/**
 * A stored record this code cannot use (no version, a newer version, text that is not JSON, or one that does
 * not parse): kept as it is and reported, never overwritten. `key` is the record's key in the store without
 * its namespace (`applicant:7`, `reviewer:9`, `outbox:<dedupe key>`), `problem` what is wrong and what to do;
 * `cause` the parser's error, when there is one.
 */
export class CorruptRecordError extends Error {
  override name = 'CorruptRecordError';
  constructor(
    readonly key: string,
    readonly problem: string,
    options?: ErrorOptions,
  ) {
    super(`${key}: ${problem}; the record is left as it is`, options);
  }
}

/** Reports a record a listing skipped because it cannot be used; the caller logs it (required: never silent). */
export type OnCorruptRecord = (error: CorruptRecordError) => void;

/**
 * A store that cannot do what an adapter needs of it, refused when the adapter is built rather than failing
 * (or quietly answering nothing) later: e.g. a listing that needs SQL over a Keyv store that is not SQLite.
 */
export class UnsupportedStoreError extends Error {
  override name = 'UnsupportedStoreError';
  constructor(
    /** What needs it, e.g. `the applicant repository`. */
    readonly user: string,
    /** What the store turned out to be, e.g. the name of Keyv's store adapter. */
    readonly store: string,
  ) {
    super(
      `${user} needs the SQLite store behind Keyv (STORE_URL=sqlite://…), got ${store}; open the store with openStore`,
    );
  }
}

/**
 * Thrown while a Telegram update is applied (webhook mode) when that very update already changed the record
 * it is changing: it was delivered again after its first delivery took effect, and must cause nothing now.
 * The bot lets it through to the webhook edge, which answers 200 (src/webhook/applied-once.ts).
 */
export class UpdateAlreadyApplied extends Error {
  override name = 'UpdateAlreadyApplied';
  constructor(readonly updateId: number) {
    super(`update ${updateId} was already applied`);
  }
}
