package dev.omnihub.hub.store;

import dev.omnihub.adapters.spi.Attachment;
import dev.omnihub.hub.attachments.AttachmentStore;
import dev.omnihub.hub.config.ConfigLoader;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

public class ScratchAttachProbe {
  public static void main(String[] args) throws Exception {
    Path dir = Files.createTempDirectory("attachprobe");
    Vertx vertx = Vertx.vertx();
    MongoStore store = MongoStore.open(vertx, ConfigLoader.load(Map.of("DATA_DIR", dir.toString()), dir), new SimpleMeterRegistry());
    StoreIndexes.create(store);
    AttachmentStore files = new AttachmentStore(store);
    byte[] content = new byte[15 * 1024 * 1024];
    new java.util.Random(1).nextBytes(content);
    Runtime rt = Runtime.getRuntime();
    for (int i = 0; i < Integer.parseInt(args[0]); i++) {
      String id = dev.omnihub.hub.store.Ids.newId();
      store.write(() -> { files.store(id, Attachment.carried("t.txt", "text/plain", content, false, null)); return null; }).await(60, TimeUnit.SECONDS);
      if (i % 20 == 19) {
        System.gc(); Thread.sleep(300);
        System.out.println(i + 1 + " files: heap used MB " + (rt.totalMemory() - rt.freeMemory()) / 1048576);
      }
    }
    store.close();
    vertx.close();
  }
}
