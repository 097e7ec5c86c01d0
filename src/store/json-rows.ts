import { getTableColumns, type SQL, sql } from "drizzle-orm";
import type { PgTable } from "drizzle-orm/pg-core";

/**
 * A correlated subquery that returns a table's matching rows as one JSON array (every column,
 * keyed by its field name), so a parent row and its children come back in one statement. Read
 * the result with `decodeRows`, which turns each value back into what a plain select gives.
 */
export function rowsAsJson(table: PgTable, where: SQL, orderBy?: SQL): SQL<unknown> {
  const fields = sql.join(
    Object.entries(getTableColumns(table)).map(([key, column]) => sql`${sql.raw(`'${key}'`)}, ${column}`),
    sql`, `,
  );
  return sql`(select coalesce(json_agg(json_build_object(${fields})${orderBy ? sql` order by ${orderBy}` : sql``}), '[]'::json) from ${table} where ${where})`;
}

export function decodeRows<T extends PgTable>(table: T, raw: unknown): T["$inferSelect"][] {
  const list = (typeof raw === "string" ? JSON.parse(raw) : raw) as Record<string, unknown>[];
  const columns = Object.entries(getTableColumns(table));
  return list.map((row) => Object.fromEntries(columns.map(([key, column]) => [key, row[key] === null || row[key] === undefined ? null : column.mapFromDriverValue(row[key])])) as T["$inferSelect"]);
}
