/**
 * Whether two label maps hold the same names and values (order does not matter). Used wherever
 * "did anything but the activity change" is decided: the refresh path and the store's commit plan.
 */
export function sameLabels(
  a: Readonly<Record<string, string>>,
  b: Readonly<Record<string, string>>,
): boolean {
  if (a === b) return true;
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  return keys.every((k) => Object.hasOwn(b, k) && a[k] === b[k]);
}
