import { api } from './client';
import type { Division } from './types';

export const geoApi = {
  divisions: (parent?: string) => api.get<{ items: Division[] }>('/geo/divisions', { parent }),
};
