package dev.omnihub.adapters.spi;

import java.nio.file.Path;
import java.util.function.Supplier;

/**
 * The hub's configuration as far as adapters need it.
 *
 * @param bindHost   the address listeners bind to
 * @param smtpPort   inbound SMTP port; 0 picks a free one; -1 turns SMTP off
 * @param dataDir    the hub's data directory (adapters may keep files under {@code dataDir/<type>})
 * @param publicUrl  the URL providers call, known once the HTTP port is bound
 * @param tls        the certificate for STARTTLS and similar, or {@code null} when none is configured
 * @param allowPrivateNetworks webhooks may go to this machine and private networks
 *                   ({@code OUTBOUND_ALLOW_PRIVATE_NETWORKS})
 */
public record AdapterEnvironment(String bindHost, int smtpPort, Path dataDir, Supplier<String> publicUrl, TlsIdentity tls,
    boolean allowPrivateNetworks) {

  public AdapterEnvironment(String bindHost, int smtpPort, Path dataDir, Supplier<String> publicUrl, TlsIdentity tls) {
    this(bindHost, smtpPort, dataDir, publicUrl, tls, false);
  }

  /**
   * A PKCS#12 key store with the hub's certificate.
   *
   * @param keyStore the file
   * @param password its password
   */
  public record TlsIdentity(Path keyStore, String password) {
  }
}
