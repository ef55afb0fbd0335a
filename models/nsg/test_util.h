// Helpers for the NSG tests only: build rules and flows from the strings Azure uses.
#pragma once

#include <string>

#include <gtest/gtest.h>

#include "models/nsg/evaluator.h"
#include "models/nsg/security_rule.h"

namespace tunnelsim::nsg::testing {

// Aborts the test on a parse error: the inputs are literals written by the test.
inline SecurityRule MakeRule(std::string name, int priority, std::string_view direction,
                             std::string_view access, std::string_view protocol,
                             std::string_view source, std::string_view source_ports,
                             std::string_view destination, std::string_view destination_ports) {
  SecurityRule rule;
  rule.name = std::move(name);
  rule.priority = priority;
  rule.direction = ParseDirection(direction).value();
  rule.access = ParseAccess(access).value();
  rule.protocol = ParseRuleProtocol(protocol).value();
  rule.sources = ParseAddressPrefixes(source).value();
  rule.source_ports = ParsePortSpec(source_ports).value();
  rule.destinations = ParseAddressPrefixes(destination).value();
  rule.destination_ports = ParsePortSpec(destination_ports).value();
  return rule;
}

inline Ipv4Address Ip(std::string_view text) { return Ipv4Address::Parse(text).value(); }
inline Ipv4Prefix Cidr(std::string_view text) { return Ipv4Prefix::Parse(text).value(); }

inline Flow TcpFlow(std::string_view source, uint16_t source_port, std::string_view destination,
                    uint16_t destination_port) {
  return {Ip(source), source_port, Ip(destination), destination_port, IpProtocol::kTcp};
}

}  // namespace tunnelsim::nsg::testing
