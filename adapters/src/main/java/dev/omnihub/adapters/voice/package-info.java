/**
 * Phone-call transcripts as the voice channel receives them: OmniHub's own JSON, an AWS Transcribe
 * result document, or a WebVTT file with voice tags. {@link dev.omnihub.adapters.voice.TranscriptParser}
 * reads any of them into one {@link dev.omnihub.adapters.voice.Transcript}.
 */
package dev.omnihub.adapters.voice;
