import type { GradeInput } from './grade-input.js';
import { gradeApps } from './grade-apps.js';
import { gradeMetal } from './grade-metal.js';
import { gradePlatform } from './grade-platform.js';
import { gradeSystem } from './grade-system.js';
import { worst } from './layer.js';
import { LAYERS, type GateResult, type LayerStatus } from './types.js';

/** Grades all four layers; overall is the worst of them (RED > UNKNOWN > YELLOW > GREEN). */
export function gradeCluster(input: GradeInput): GateResult {
  const layers = {
    metal: gradeMetal(input),
    system: gradeSystem(input),
    platform: gradePlatform(input),
    apps: gradeApps(input),
  };
  return { overall: worst(LAYERS.map((l) => layers[l].status)), layers, gradedAt: new Date(input.now).toISOString() };
}

/** The `status`/`gate` exit code contract. */
export const EXIT_CODES: Record<LayerStatus, number> = { GREEN: 0, YELLOW: 1, RED: 2, UNKNOWN: 3 };
