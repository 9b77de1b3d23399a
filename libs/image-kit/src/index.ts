export { kitImageKeys, loadImageKit, type ImageKit, type ImageKitManifest, type ImageEntry } from './image-kit.schema';
export { ImagePreparer, type PrepareResult, type PrepareOptions } from './image-preparer';
export { KitImageResolver } from './kit-image-resolver';
export { KIT_LABEL, type KitMode } from './kit-labels';
export { recipeHash } from './recipe-hash';
export { externalPackages, runtimeClosure, type LockPackages } from './bundle-dependencies';
