// The emitters of generated TypeScript.
export {
  clientMethodName,
  type EmitGeneratedOptions,
  emitGenerated,
  emitGeneratedFile,
  generatedHeader,
  isGeneratedText,
} from './generated.js';
export { buildModel, DEFAULT_CONSTRUCTOR_NAME, type Model } from './model.js';
