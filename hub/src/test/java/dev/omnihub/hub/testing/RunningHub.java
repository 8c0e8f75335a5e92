package dev.omnihub.hub.testing;

import dev.omnihub.hub.Hub;

/**
 * A started hub as a test talks to it, whoever started it: a {@link HubExtension} (one for the class)
 * or a {@link TestHub} (one a test starts itself, to restart it or give it settings of its own).
 * Helpers that take this serve both.
 */
public interface RunningHub {

  Hub hub();

  HubClient client();

  String adminToken();
}
