// One row of the benchmark report: a measured figure, its target, and whether the target was met.
export interface BenchRow {
  stage: string;
  name: string;
  value: number;
  unit: string;
  /** Human-readable target, e.g. "<= 5 ms". Absent for figures reported for information only. */
  target?: string;
  met?: boolean;
}
