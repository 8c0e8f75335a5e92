package dev.omnihub.hub;

import dev.omnihub.hub.customer.CustomerMerger;
import dev.omnihub.hub.customer.CustomerStore;
import dev.omnihub.hub.customer.IdentityNormalizer;
import dev.omnihub.hub.customer.OptOuts;
import dev.omnihub.hub.service.CustomerClaims;
import dev.omnihub.hub.service.CustomerService;
import dev.omnihub.hub.service.TimelineService;

/** Customers: identities, profiles and their merges, claims, the timeline, opt-outs. */
public record CustomerServices(IdentityNormalizer normalizer, CustomerStore customers, CustomerMerger merger,
    CustomerService customerService, CustomerClaims customerClaims, TimelineService timeline, OptOuts optOuts) {
}
