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
