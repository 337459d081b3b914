/** Shapes both areas share. */
import type { Permission } from '../../../domain/vocabulary.js';

export interface Policy {
  permissions: Permission[];
  pipelineIds: string[];
}

export interface Pipeline {
  id: string;
  name: string;
}
