package dev.omnihub.kb;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Typos corrected against the articles' own words, and nothing else touched. */
class SpellingTest {

  @TempDir
  Path dir;

  private KnowledgeIndex index() {
    KnowledgeIndex index = KnowledgeIndex.open(dir);
    index.put(new Article("pw", "Forgotten password", "Reset your password with the link we email you.", "en", List.of("login")));
    index.put(new Article("ret", "Returns", "Print the return label and drop the parcel off.", "en", List.of()));
    index.put(new Article("cn", "忘记密码", "点击忘记密码重置。", "zh", List.of()));
    return index;
  }

  @Test
  void correctsWordsNoArticleAndNoDictionaryKnowsToTheArticlesClosestWord() {
    try (KnowledgeIndex index = index()) {
      assertThat(index.corrected("forgot pasword", "en")).isEqualTo("forgot password");
      assertThat(index.corrected("how do i retrun it, where is the lable", "en")).isEqualTo("how do i return it, where is the label");
    }
  }

  @Test
  void leavesRealWordsCodesAndChineseAlone() {
    try (KnowledgeIndex index = index()) {
      // "pink" is one edit from nothing here, but "press" or "print" would tempt a checker without a dictionary.
      assertThat(index.corrected("a pink hoodie in my office, order PA4482913 and retunr", "en"))
          .isEqualTo("a pink hoodie in my office, order PA4482913 and return");
      assertThat(index.corrected("忘记密吗", "zh")).isEqualTo("忘记密吗");
    }
  }

  @Test
  void aTypoFindsTheArticleByWordsAlone() {
    try (KnowledgeIndex index = index()) {
      assertThat(index.search("forgot pasword", "en", 3, SearchScope.PUBLISHED_ARTICLES)).extracting(Suggestion::id).first().isEqualTo("pw");
    }
  }
}
