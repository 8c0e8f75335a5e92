package dev.omnihub.hub.testing;

import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import javax.net.SocketFactory;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.smtp.SMTPTransport;

/** A mail client that talks SMTP to the hub and reports the code the hub answered with. */
public final class MailSender implements AutoCloseable {

  private final Session session;
  private final SMTPTransport transport;

  public MailSender(int port) {
    Properties properties = new Properties();
    properties.setProperty("mail.smtp.host", "127.0.0.1");
    properties.setProperty("mail.smtp.port", Integer.toString(port));
    properties.setProperty("mail.smtp.timeout", "120000");
    // Like MTAs, send without Nagle's delay: otherwise the last segment of a mail waits ~40 ms for the
    // hub's delayed ACK, and that, not the hub, dominates each mail's latency.
    properties.put("mail.smtp.socketFactory", NoDelaySocketFactory.INSTANCE);
    try {
      session = Session.getInstance(properties);
      transport = (SMTPTransport) session.getTransport("smtp");
      transport.connect();
    } catch (MessagingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Sends one mail on this connection; returns the final reply code (250 on success, else the refusal's). */
  public int send(String raw, String envelopeFrom, String... recipients) {
    try {
      MimeMessage message = new MimeMessage(session, new ByteArrayInputStream(raw.getBytes(StandardCharsets.UTF_8)));
      Address[] to = new Address[recipients.length];
      for (int i = 0; i < recipients.length; i++) {
        to[i] = new InternetAddress(recipients[i], false);
      }
      if (envelopeFrom != null) {
        session.getProperties().setProperty("mail.smtp.from", envelopeFrom);
      }
      transport.sendMessage(message, to);
      return transport.getLastReturnCode();
    } catch (SMTPAddressFailedException e) {
      return e.getReturnCode();
    } catch (SMTPSendFailedException e) {
      return e.getReturnCode();
    } catch (MessagingException e) {
      if (e.getNextException() instanceof SMTPAddressFailedException failed) {
        return failed.getReturnCode();
      }
      throw new IllegalStateException(e);
    }
  }

  /** Plain sockets with TCP_NODELAY. */
  private static final class NoDelaySocketFactory extends SocketFactory {
    static final NoDelaySocketFactory INSTANCE = new NoDelaySocketFactory();

    @Override
    public Socket createSocket() throws IOException {
      Socket socket = new Socket();
      socket.setTcpNoDelay(true);
      return socket;
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
      return configured(new Socket(host, port));
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
      return configured(new Socket(host, port, localHost, localPort));
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
      return configured(new Socket(host, port));
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) throws IOException {
      return configured(new Socket(address, port, localAddress, localPort));
    }

    private static Socket configured(Socket socket) throws IOException {
      socket.setTcpNoDelay(true);
      return socket;
    }
  }

  /** Sends a mail from a new connection. */
  public static int sendOnce(int port, String raw, String... recipients) {
    try (MailSender sender = new MailSender(port)) {
      return sender.send(raw, null, recipients);
    }
  }

  @Override
  public void close() {
    try {
      transport.close();
    } catch (MessagingException ignored) {
      // already gone
    }
  }
}
