import envPaths from 'env-paths';

/** The platform's usual place: XDG data home on Linux, Application Support on macOS, AppData on Windows. */
export function defaultDataDir(): string {
  return envPaths('seed', { suffix: '' }).data;
}
