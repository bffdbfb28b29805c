/** @type {import('eslint-doc-generator').GenerateOptions} */
const config = {
  ignoreConfig: ['all'],
  ruleDocTitleFormat: 'prefix-name',
  ruleDocSectionInclude: ['Rule details', 'Options'],
  ruleListColumns: ['name', 'description', 'configsError', 'hasSuggestions', 'options'],
};

export default config;
