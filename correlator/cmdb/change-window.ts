/** A change record that authorises changes to a CI during its window (ms since epoch). */
export interface CoveringChange {
  id: string;
  from: number;
  to: number;
}

/**
 * The change records covering a CI in a time window: an attribute change with none is
 * unauthorised (DESIGN.md "Changes"). Change records live in the automation part of vigil; this
 * interface is the seam where it plugs in.
 */
export interface ChangeWindowLookup {
  coveringChanges(ciId: string, from: number, to: number): Promise<CoveringChange[]>;
}

/** The lookup until change records are wired: no change covers anything. */
export const NO_CHANGES: ChangeWindowLookup = {
  async coveringChanges() {
    return [];
  },
};
