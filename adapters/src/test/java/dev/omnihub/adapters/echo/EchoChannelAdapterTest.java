package dev.omnihub.adapters.echo;

import dev.omnihub.adapters.api.ApiChannelAdapterTest;
import dev.omnihub.adapters.spi.ChannelAdapter;
import dev.omnihub.adapters.spi.ChannelType;
import dev.omnihub.adapters.webhook.SignedWebhookClient;

/** The added channel takes part in the inbound and outbound contracts (and the api channel's own tests) under its own type. */
class EchoChannelAdapterTest extends ApiChannelAdapterTest {

  @Override
  protected ChannelAdapter newAdapter(SignedWebhookClient client) {
    return EchoChannelAdapter.sendingThrough(client);
  }

  @Override
  protected ChannelType type() {
    return EchoChannelAdapter.TYPE;
  }
}
