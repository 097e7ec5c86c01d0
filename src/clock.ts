/** Everything that asks "what time is it" asks this, so tests and drills can move time. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock you move by hand. */
export class ManualClock implements Clock {
  private current: number;
  constructor(start: Date | string = "2026-11-25T14:00:00Z") {
    this.current = new Date(start).getTime();
  }
  now(): Date {
    return new Date(this.current);
  }
  set(to: Date | string): void {
    this.current = new Date(to).getTime();
  }
  advance(minutes: number): void {
    this.current += minutes * 60_000;
  }
}
