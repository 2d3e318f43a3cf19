// Types of the ts-patch transformer entry (`@sprocket/compiler-plugin/transformer`). The entry itself is
// the CommonJS build of index.cts (dist/transformer/index.cjs), because ts-patch loads transformers with
// require. Configure it as an `after` transformer:
//
//   "plugins": [{ "transform": "@sprocket/compiler-plugin/transformer", "after": true }]

/** Options of the transformer (the plugin entry in tsconfig). */
export interface SprocketTransformerConfig {
  /** Directory manifest sources are relative to (default: the program's current directory). */
  readonly rootDir?: string;
  /** Gas-meter actor modules: a charge at every function entry and loop iteration (default true). */
  readonly gas?: boolean;
}
