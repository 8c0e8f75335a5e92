package dev.omnihub.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** The {@code --option value} pairs of a bench's command line, with errors that name the option. */
final class BenchArgs {

  private BenchArgs() {
  }

  /**
   * A bench's settings from its command line: prints the usage and returns empty for {@code --help};
   * prints the problem and the usage and exits with 2 when the options are wrong.
   */
  static <T> java.util.Optional<T> settings(String[] args, String command, String usage, java.util.function.Function<String[], T> parse) {
    if (List.of(args).contains("--help") || List.of(args).contains("-h")) {
      System.out.print(usage);
      return java.util.Optional.empty();
    }
    try {
      return java.util.Optional.of(parse.apply(args));
    } catch (IllegalArgumentException e) {
      System.err.println(command + ": " + e.getMessage());
      System.err.print(usage);
      System.exit(2);
      return java.util.Optional.empty();
    }
  }

  /** The options in order, each with its value. */
  static Map<String, String> pairs(String[] args) {
    Map<String, String> pairs = new LinkedHashMap<>();
    for (int i = 0; i < args.length; i += 2) {
      if (i + 1 == args.length) {
        throw new IllegalArgumentException(args[i] + " needs a value");
      }
      pairs.put(args[i], args[i + 1]);
    }
    return pairs;
  }

  static int number(String option, String value, int min) {
    try {
      int n = Integer.parseInt(value.strip());
      if (n >= min) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(option + " needs whole numbers of at least " + min + ", not '" + value + "'");
  }

  /** A comma-separated list of whole numbers ({@code 1,8,32}). */
  static List<Integer> numbers(String option, String value, int min) {
    return Stream.of(value.split(",")).map(v -> number(option, v, min)).toList();
  }
}
