// Turns the scenario's NSGs (ARM spellings with source positions) into models/nsg values, and
// the scenario's address plan into the service-tag context those NSGs resolve against. Every
// field that does not parse is reported at its own position.
#pragma once

#include <optional>
#include <string>

#include "engine/diagnostics/diagnostics.h"
#include "engine/scenario/scenario.h"
#include "models/nsg/security_rule.h"
#include "models/nsg/service_tags.h"
#include "models/nsg/validation.h"

namespace tunnelsim {

// nullopt when any field is invalid (each reported).
std::optional<nsg::SecurityRule> BuildSecurityRule(const SecurityRuleSpec& spec,
                                                   const std::string& file, Diagnostics* d);
std::optional<nsg::NetworkSecurityGroup> BuildNsg(const NetworkSecurityGroupSpec& spec,
                                                  const std::string& file, Diagnostics* d);

// VirtualNetwork = every VNet's address spaces and peerings, plus the pod CIDR when pods are
// not on the VNet (reference/azure.md §1.4: the tag includes address prefixes used on routes).
// REQUIRES: the prefixes parse (ValidateScenario passed the network section).
nsg::ServiceTagContext BuildServiceTagContext(const Scenario& scenario);

}  // namespace tunnelsim
