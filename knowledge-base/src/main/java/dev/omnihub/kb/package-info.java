/**
 * The knowledge base: a Lucene index of articles (and, later, of good answers from resolved
 * conversations) with per-language analysis, searched to suggest answers to agents. It knows nothing
 * of MongoDB; the hub keeps articles in its store and feeds them here.
 */
package dev.omnihub.kb;
