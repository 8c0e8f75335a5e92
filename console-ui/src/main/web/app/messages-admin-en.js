/** The admin pages' English texts (the same keys in every language; i18n.js merges the areas). */
export default {
  'admin.heading': 'Admin',
};
