// The few parts of autocannon's API the bench uses (the package ships no types).
declare module 'autocannon' {
  interface Result {
    requests: { total: number }
    duration: number
    non2xx: number
    errors: number
    timeouts: number
  }
  interface Instance extends PromiseLike<Result> {
    on(
      event: 'response',
      listener: (client: unknown, status: number, bytes: number, time: number) => void,
    ): void
  }
  function autocannon(options: Record<string, unknown>): Instance
  export default autocannon
}
