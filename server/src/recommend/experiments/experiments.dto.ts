// The shapes the experiments API answers with. Re-exported by server/src/http/api-types.ts, where the
// renderer reads them (types only: this file imports nothing).

export type ExperimentStatusDto = 'draft' | 'running' | 'stopped';

export interface ExperimentVariantDto {
  /** 'control', 'b', …; the first variant is the control */
  key: string;
  name: string;
  /** its traffic share against the others' (integer) */
  weight: number;
  /** weight / the sum of the weights */
  share: number;
  /** `{ "weights": { "popularity": 0.1, … } }`, `{ "ranker": "ease" }`, …: what the shelves rank by */
  config: { weights?: Record<string, number>; ranker?: string; [key: string]: unknown };
}

export interface ExperimentDto {
  id: number;
  name: string;
  description: string;
  /** 'home' (see SURFACES in experiments.routes.ts) */
  surface: string;
  status: ExperimentStatusDto;
  createdAt: string;
  startedAt: string | null;
  stoppedAt: string | null;
  variants: ExperimentVariantDto[];
}

export interface ExperimentListDto {
  experiments: ExperimentDto[];
}

export interface ExperimentVariantRequest {
  key: string;
  name?: string;
  weight: number;
  config?: { weights?: Record<string, number>; ranker?: string; [key: string]: unknown };
}

export interface CreateExperimentRequest {
  name: string;
  description?: string;
  surface: string;
  variants: ExperimentVariantRequest[];
}

export interface UpdateExperimentRequest {
  name?: string;
  description?: string;
  surface?: string;
  variants?: ExperimentVariantRequest[];
  status?: ExperimentStatusDto;
}

/** A proportion with its 95 % Wilson interval. */
export interface RateDto {
  value: number;
  low: number;
  high: number;
}

/** A variant against the control: difference (variant − control), z or t, Welch's df, two-sided p. */
export interface ComparisonDto {
  difference: number;
  statistic: number;
  df: number | null;
  p: number;
  significant: boolean;
}

export interface VariantResultDto {
  key: string;
  name: string;
  weight: number;
  isControl: boolean;
  profiles: number;
  exposures: number;
  clicks: number;
  plays: number;
  completions: number;
  /** clicks per exposure */
  ctr: RateDto | null;
  /** plays per exposure */
  playRate: RateDto | null;
  /** completions per play */
  completionRate: RateDto | null;
  totalMinutes: number;
  /** minutes watched per exposed profile, with a 95 % t interval (null bounds below two profiles) */
  minutesPerProfile: { mean: number; low: number | null; high: number | null; sd: number } | null;
  vsControl: { ctr: ComparisonDto | null; minutes: ComparisonDto | null; verdicts: string[] } | null;
}

export interface ExperimentResultsDto {
  experiment: ExperimentDto;
  /** an outcome counts for the latest exposure of its title to the profile within this window */
  attributionWindowHours: number;
  controlKey: string | null;
  variants: VariantResultDto[];
}

/** A profile's click on a shelf card (POST /api/recommend/click). */
export interface ShelfClickRequest {
  itemId: number;
  impressionId?: number;
  shelf?: string;
  position?: number;
}
