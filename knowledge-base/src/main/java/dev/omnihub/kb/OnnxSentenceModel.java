package dev.omnihub.kb;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.langchain4j.model.embedding.onnx.AbstractInProcessEmbeddingModel;
import dev.langchain4j.model.embedding.onnx.OnnxBertBiEncoder;
import dev.langchain4j.model.embedding.onnx.PoolingMode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * One of the in-process models, read from its Maven artifact, with an ONNX Runtime session set up
 * for a server rather than a notebook: its worker threads do not spin while idle (on two cores a
 * spinning pool steals the CPU the hub needs, which showed as latency spikes), and an embedding runs
 * on the calling thread.
 */
final class OnnxSentenceModel extends AbstractInProcessEmbeddingModel {

  private final OnnxBertBiEncoder encoder;
  private final int dimension;

  OnnxSentenceModel(String modelFile, String tokenizerFile, PoolingMode pooling, int dimension, int threads) {
    super(Runnable::run);
    this.dimension = dimension;
    try (InputStream model = resource(modelFile); InputStream tokenizer = resource(tokenizerFile)) {
      OrtEnvironment environment = OrtEnvironment.getEnvironment();
      OrtSession.SessionOptions options = new OrtSession.SessionOptions();
      options.setIntraOpNumThreads(threads);
      options.setInterOpNumThreads(1);
      options.addConfigEntry("session.intra_op.allow_spinning", "0");
      options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
      this.encoder = new OnnxBertBiEncoder(environment, environment.createSession(model.readAllBytes(), options), tokenizer, pooling);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the model " + modelFile, e);
    } catch (OrtException e) {
      throw new IllegalStateException("cannot load the model " + modelFile + ": " + e.getMessage(), e);
    }
  }

  /** A file of a model's Maven artifact, which is on the class path (only its files are used, not its classes). */
  private static InputStream resource(String name) {
    InputStream in = OnnxSentenceModel.class.getClassLoader().getResourceAsStream(name);
    if (in == null) {
      throw new IllegalStateException(name + " is not on the class path (its Maven artifact is missing)");
    }
    return in;
  }

  @Override
  protected OnnxBertBiEncoder model() {
    return encoder;
  }

  @Override
  protected Integer knownDimension() {
    return dimension;
  }
}
