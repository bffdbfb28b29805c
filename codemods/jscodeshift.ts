/**
 * The codemods as jscodeshift transforms, for users who drive migrations with jscodeshift
 * (`npx jscodeshift -t …/dist/codemods/<name>/transform.js src`): the transform reads the file's
 * text and returns the new text (or nothing, for an unchanged file); it does not use jscodeshift's
 * own parser, so `--parser` does not matter. A file that cannot be transformed safely is an error
 * for jscodeshift to count and report.
 */
import type { Codemod, CodemodOptions } from './codemod.js';
import { transformSource } from './run.js';

/** jscodeshift's transform signature, without depending on its types at run time. */
export type JscodeshiftTransform = (file: { readonly path: string; readonly source: string }, api: unknown, options: CodemodOptions) => string | undefined;

export function jscodeshiftTransform(codemods: readonly Codemod[]): JscodeshiftTransform {
  return (file, _api, options) => {
    const result = transformSource(file.source, file.path, codemods, { options });
    if (result.error) throw new Error(result.error);
    return result.changed ? result.output : undefined;
  };
}
