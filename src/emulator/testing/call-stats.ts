/** Calls and refusals per Bot API method, for tests and benchmarks. */
export interface CallStatsSnapshot {
  readonly calls: Readonly<Record<string, number>>;
  readonly errors: Readonly<Record<string, number>>;
}

/** Counters of Bot API calls per method; O(1) per call. */
export class CallStats {
  private readonly calls = new Map<string, number>();
  private readonly errors = new Map<string, number>();

  countCall(method: string): void {
    this.calls.set(method, (this.calls.get(method) ?? 0) + 1);
  }

  countError(method: string): void {
    this.errors.set(method, (this.errors.get(method) ?? 0) + 1);
  }

  callCount(method: string): number {
    return this.calls.get(method) ?? 0;
  }

  snapshot(): CallStatsSnapshot {
    return { calls: Object.fromEntries(this.calls), errors: Object.fromEntries(this.errors) };
  }

  reset(): void {
    this.calls.clear();
    this.errors.clear();
  }
}
