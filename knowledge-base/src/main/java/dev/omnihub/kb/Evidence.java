package dev.omnihub.kb;

/**
 * What the index knows about one candidate for one query, on scales that mean the same from one
 * query to the next (unlike a BM25 score or a rank): what {@link Confidence} turns into the chance
 * that the candidate is the answer.
 *
 * @param doc        the Lucene document
 * @param cosine     the cosine between the query's embedding and the entry's, from -1 to 1; 0 without
 *                   embeddings
 * @param bestCosine the highest cosine among the query's candidates
 * @param section    the highest cosine between the query and one of the entry's {@link Sections}, or its
 *                   {@code cosine} when it has none
 * @param lexical    the candidate's BM25 score over the query's best BM25 score, 0 to 1 (0 when no word
 *                   matched)
 * @param coverage   the share of the query's words (weighted by how rare they are in the index) that
 *                   the entry contains, 0 to 1
 */
record Evidence(int doc, double cosine, double bestCosine, double section, double lexical, double coverage) {
}
