import requireErrorListener from './require-error-listener.js';

/** Every rule of the plugin, by name (alphabetical). */
export const rules = {
  'require-error-listener': requireErrorListener,
};
