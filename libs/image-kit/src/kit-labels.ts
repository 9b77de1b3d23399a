/** Labels on images the kit builds: which recipe, at which content hash. */
export const KIT_LABEL = {
  kit: 'lab.kit',
  key: 'lab.kit-key',
  hash: 'lab.kit-hash',
} as const;

export type KitMode = 'auto' | 'official' | 'offline';
