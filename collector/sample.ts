/**
 * One measured value of a probe, labelled like a Prometheus series. Threshold rules
 * (`rules/`) evaluate these; they are the contract between collectors and rules.
 */
export interface MetricSample {
  /** Dotted metric name, e.g. `filesystem.used_percent`. */
  name: string;
  /** Identifying labels, e.g. `{ mount: "/" }`. Keep them bounded. */
  labels: Record<string, string>;
  value: number;
}

/** What one probe cycle of one resource produced. */
export interface ProbeSnapshot {
  /** The resource (host or device name) the samples describe. */
  resource: string;
  /** ms since epoch when the samples were taken. */
  time: number;
  samples: MetricSample[];
}
