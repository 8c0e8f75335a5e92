package dev.omnihub.hub.store.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import de.bwaldvogel.mongo.backend.Utils;
import de.bwaldvogel.mongo.bson.Document;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link IndexPath} reads the same value as mongo-java-server's own lookup, on random documents with
 * nested documents, arrays of documents, arrays of scalars and missing fields (seeded; the seed is
 * printed).
 */
class IndexPathTest {

  private static final String[] NAMES = {"a", "b", "c"};
  private static final List<String> PATHS = List.of("a", "b", "a.b", "a.c", "b.a", "a.b.c", "c.a.b", "a.a.a");

  @Test
  void readsWhatTheServersOwnLookupReads() {
    long seed = new Random().nextLong();
    System.out.println("IndexPathTest seed " + seed);
    Random random = new Random(seed);
    int throughArrays = 0;
    for (int round = 0; round < 5_000; round++) {
      Document document = document(random, 3);
      for (String path : PATHS) {
        Object expected = Utils.getSubdocumentValueCollectionAware(document, path);
        assertThat(IndexPath.of(path).valueIn(document)).as("seed %d, path %s in %s", seed, path, document).isEqualTo(expected);
        if (expected instanceof List<?> && path.contains(".")) {
          throughArrays++;
        }
      }
    }
    assertThat(throughArrays).as("paths that went through arrays of documents").isGreaterThan(1_000);
  }

  private static Document document(Random random, int depth) {
    Document document = new Document();
    for (String name : NAMES) {
      if (random.nextInt(4) > 0) {
        document.put(name, value(random, depth - 1));
      }
    }
    return document;
  }

  private static Object value(Random random, int depth) {
    int kind = depth <= 0 ? random.nextInt(3) : random.nextInt(6);
    return switch (kind) {
      case 0 -> random.nextInt(5);
      case 1 -> "s" + random.nextInt(5);
      case 2 -> null;
      case 3, 4 -> document(random, depth);
      default -> {
        List<Object> list = new ArrayList<>();
        for (int i = random.nextInt(4); i > 0; i--) {
          list.add(random.nextBoolean() ? document(random, depth - 1) : value(random, 0));
        }
        yield list;
      }
    };
  }
}
