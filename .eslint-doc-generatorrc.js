/** @type {import('eslint-doc-generator').GenerateOptions} */
const config = {
  ruleDocTitleFormat: 'prefix-name',
  ruleDocSectionInclude: ['Rule details', 'Options'],
  ruleListColumns: ['name', 'description', 'configsError', 'hasSuggestions', 'options'],
};

export default config;
