/**
 * Search keys of a name exactly as the registry derives them (modules/registry/names.ts),
 * cached: a population repeats the same few thousand names many times.
 */
import { nameForms, type NameForms } from '../../server/src/modules/registry/names.js';

const cache = new Map<string, NameForms>();

export function nameSearchKeys(name: string): NameForms {
  let k = cache.get(name);
  if (!k) {
    k = nameForms(name);
    if (cache.size < 200_000) cache.set(name, k);
  }
  return k;
}
