/** Every codemod at once as a jscodeshift transform (see ../jscodeshift.ts). */
import { jscodeshiftTransform } from '../jscodeshift.js';
import { CODEMODS } from '../registry.js';

export default jscodeshiftTransform(CODEMODS);
