/**
 * Adds values to a multi-valued FtM property (`props[key]`), skipping empty ones and
 * values the property has already: how the list readers (UN, OFAC) fill an entity.
 */
export function pushProp(
  props: Record<string, unknown[]>,
  key: string,
  ...vals: (string | null | undefined)[]
): void {
  for (const v of vals) {
    if (!v) continue;
    const list = (props[key] ??= []);
    if (!list.includes(v)) list.push(v);
  }
}
