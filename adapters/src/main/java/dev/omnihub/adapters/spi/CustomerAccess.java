package dev.omnihub.adapters.spi;

import io.vertx.core.Future;
import java.util.List;
import java.util.Optional;

/**
 * What a customer-facing channel (a website widget) may do and read for the contact it serves, and
 * nothing about anyone else. Every future completes once the work is done in the store, off the event
 * loop.
 */
public interface CustomerAccess {

  /**
   * Introduces the contact: their profile is found or created, the name they gave is kept, and each
   * identity they claim is recorded as a claim from {@code source} (shown to agents, and raising a merge
   * suggestion when another profile owns it; never merging by itself).
   */
  Future<Void> introduce(Contact contact, List<ContactIdentity> claimed, String source);

  /** The id of the contact's open conversation, when they have a profile and one. */
  Future<Optional<String>> activeConversation(Contact contact);

  /**
   * A file of a message in the contact's own conversations on the channel (theirs or a reply to them;
   * never a note), or empty for anything else, whatever the reason.
   */
  Future<Optional<StoredFile>> file(ChannelRef channel, Contact contact, String messageId, int index);

  /**
   * The contact's answer to a satisfaction survey put to them on the channel (a {@link FeedMessage}
   * with a {@code surveyId}): a score from 1 to 5 and maybe a comment, taken once.
   */
  default Future<SurveyAnswer> answerSurvey(ChannelRef channel, Contact contact, String surveyId, int score, String comment) {
    return Future.succeededFuture(SurveyAnswer.UNKNOWN);
  }

  /** How an answer to a survey ended. */
  enum SurveyAnswer {
    RECORDED,
    ALREADY_ANSWERED,
    /** No survey of that id was put to this contact. */
    UNKNOWN
  }

  /** A stored file. */
  record StoredFile(String fileName, String contentType, byte[] content) {
  }
}
