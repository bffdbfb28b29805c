/** The abort-on-close codemod as a jscodeshift transform (see ../jscodeshift.ts and ./README.md). */
import { jscodeshiftTransform } from '../jscodeshift.js';
import { codemodNamed } from '../registry.js';

export default jscodeshiftTransform([codemodNamed('abort-on-close')!]);
