/** The supervisor pages' English texts (the same keys in every language; i18n.js merges the areas). */
export default {
  'supervisor.heading': 'Supervisor',
};
