/**
 * When the primary may say "Lifeline listening": once every worker it started has listened, not
 * when the first one has. Clients keep their connections open, so the ones a client opens while a
 * single worker is up would all stay on that worker (the bench's `--workers 2` run once saw 100 %
 * of its answers from one of the two). Announced once; a replacement worker listening later
 * changes nothing.
 */
export class StartupAnnouncement {
  readonly #workerCount: number;
  readonly #listened = new Set<number>();
  #announced = false;

  constructor(workerCount: number) {
    this.#workerCount = workerCount;
  }

  /** Whether the start-up has been announced: a worker failing before that fails the start. */
  get announced(): boolean {
    return this.#announced;
  }

  /** Records that worker `id` listens; true exactly once, when the last of them does. */
  workerListening(id: number): boolean {
    if (this.#announced) return false;
    this.#listened.add(id);
    if (this.#listened.size < this.#workerCount) return false;
    this.#announced = true;
    return true;
  }
}
