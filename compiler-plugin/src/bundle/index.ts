// Bundling actor modules into the code a node runs.
export { type BundleOptions, type BundleResult, bundleContract } from './bundle.js';
