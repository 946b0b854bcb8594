import type { AlertDimension, AlertGranularity, AlertStatus, EarsMethod } from '@redress/core';
import type { Generated, Selectable } from 'kysely';

/** An early-warning alert: one series' count in one period above its EARS threshold. Instants are epoch ms. */
export interface AlertTable {
  id: string;
  dimension: AlertDimension;
  /** The category or tag code, the merchant's id, or `all`. */
  series_key: string;
  granularity: AlertGranularity;
  method: EarsMethod;
  /** The period, half-open, as Shanghai day numbers' instants. */
  period_from: number;
  period_to: number;
  observed: number;
  expected: number;
  threshold: number;
  /** The evaluation that raised it (a Shanghai date, YYYY-MM-DD). */
  evaluation_date: string;
  raised_at: number;
  status: AlertStatus;
  resolved_by: string | null;
  resolved_at: number | null;
  resolution_note: string | null;
}

/** One row per evaluated date: the claim that makes an evaluation happen once across workers. */
export interface AlertEvaluationTable {
  date: string;
  evaluated_at: number;
  day_series: number;
  week_series: number | null;
  /** The user who asked for it, or null for the daily job. */
  evaluated_by: string | null;
  raised: Generated<number>;
}

export type AlertRow = Selectable<AlertTable>;
