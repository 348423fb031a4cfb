/**
 * The paths of a breadcrumb from the account's own unit (`root`) down to `unit`. A unit outside the
 * root's subtree (a URL edited by hand) gets the root and itself, so there is always a way back.
 */
export function crumbPaths(root: string, unit: string): string[] {
  if (!unit) return root ? [root] : [];
  if (!root) return [unit];
  if (unit !== root && !unit.startsWith(`${root}.`)) return [root, unit];
  const parts = unit.split('.');
  const depth = root.split('.').length;
  return parts.slice(depth - 1).map((_, i) => parts.slice(0, depth + i).join('.'));
}

/** Whether a path names a community (city.district.street.community): nothing below it is reported. */
export function isCommunityPath(path: string): boolean {
  return path.split('.').length === 4;
}
