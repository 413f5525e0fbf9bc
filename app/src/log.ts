/**
 * The slice of a pino logger the shell uses. main.ts passes the real pino logger; tests pass a
 * recorder. Fields first, message second (STYLE.md §6).
 */
export interface Log {
  info(fields: object, msg: string): void;
  warn(fields: object, msg: string): void;
  error(fields: object, msg: string): void;
  child(bindings: Record<string, unknown>): Log;
}
