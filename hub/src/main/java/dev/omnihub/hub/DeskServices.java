package dev.omnihub.hub;

import dev.omnihub.hub.campaign.Campaigns;
import dev.omnihub.hub.canned.CannedReplies;
import dev.omnihub.hub.csat.CsatSurveys;
import dev.omnihub.hub.reports.Reports;
import dev.omnihub.hub.rules.RuleServices;
import dev.omnihub.hub.ticket.TicketDesk;

/**
 * The service desk: tickets with their SLA clocks, canned responses, automation rules, proactive campaigns, reports and satisfaction surveys.
 */
public record DeskServices(TicketDesk tickets, CannedReplies canned, RuleServices rules, Campaigns campaigns, Reports reports, CsatSurveys csat) {
}
