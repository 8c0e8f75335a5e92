package dev.omnihub.hub;

import dev.omnihub.hub.attachments.AttachmentStore;
import dev.omnihub.hub.channel.ChannelAdapters;
import dev.omnihub.hub.channel.ChannelHealthBoard;
import dev.omnihub.hub.channel.ChannelStore;
import dev.omnihub.hub.channel.HubAdapterContext;
import dev.omnihub.hub.ingest.IngestPipeline;

/** The channels and what comes in through them: configured channels, their adapters, ingest, files. */
public record ChannelServices(ChannelStore channels, ChannelAdapters adapters, HubAdapterContext adapterContext,
    ChannelHealthBoard channelHealth, IngestPipeline pipeline, AttachmentStore attachments) {
}
