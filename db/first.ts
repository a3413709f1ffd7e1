/**
 * The first row of an awaited query, or undefined: what better-sqlite3's `.get()` returned, written
 * so it runs on either store (`first(await db.select()…)`; node-postgres builders have no `.get()`).
 * Add `.limit(1)` to the query when more than one row could match.
 */
export function first<Row>(rows: readonly Row[]): Row | undefined {
  return rows[0];
}
