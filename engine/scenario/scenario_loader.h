// ScenarioLoader: the schema walk behind LoadScenario, one method per section of the format.
// Internal to engine/scenario; the public entry points are in load_scenario.h. Each method
// reads what it can, reports the rest, and never stops at the first problem.
#pragma once

#include <string>

#include <yaml-cpp/yaml.h>

#include "engine/scenario/limits.h"
#include "engine/scenario/scenario.h"
#include "engine/scenario/yaml_reader.h"

namespace tunnelsim {

class ScenarioLoader {
 public:
  ScenarioLoader(YamlReader* reader, std::string base_dir, const ScenarioLimits& limits)
      : r_(*reader), base_dir_(std::move(base_dir)), limits_(limits) {}

  void ReadDocument(const YAML::Node& root, Scenario* out);

  // Sections that change sets reuse.
  void ReadMetadata(const YAML::Node& node, Metadata* out);
  void ReadResources(const YAML::Node& node, std::string_view what, ResourceList* out);
  void ReadNsg(const YAML::Node& node, NetworkSecurityGroupSpec* out);
  void ReadEgressRule(const YAML::Node& node, EgressFirewallRule* out);
  void ReadAutoscaler(const YAML::Node& node, std::vector<std::pair<LString, LString>>* out);

 private:
  void ReadCluster(const YAML::Node& node, Cluster* out);
  void ReadApiServer(const YAML::Node& node, ApiServer* out);
  void ReadTunnel(const YAML::Node& node, TunnelSettings* out);
  void ReadTunnelLoad(const YAML::Node& node, TunnelLoad* out);
  void ReadNetwork(const YAML::Node& node, Network* out);
  void ReadVnet(const YAML::Node& node, VirtualNetwork* out);
  void ReadNodePool(const YAML::Node& node, NodePool* out);
  void ReadHostFirewall(const YAML::Node& node, NodePool* out);
  void ReadIptables(const YAML::Node& node, IptablesSpec* out);
  void ReadHostCommands(const YAML::Node& node, NodePool* out);
  void ReadWorkload(const YAML::Node& node, Workload* out);
  void ReadWebhook(const YAML::Node& node, Webhook* out);
  void ReadOutbound(const YAML::Node& node, Outbound* out);
  void ReadTraffic(const YAML::Node& node, TrafficSpec* out);

  YamlReader& r_;
  std::string base_dir_;
  const ScenarioLimits& limits_;
};

// Reads one NSG security rule in ARM's shape (shared with change sets, which add rules).
void ReadSecurityRule(YamlReader& r, const YAML::Node& node, const ScenarioLimits& limits,
                      SecurityRuleSpec* out);

// "'key'", the way messages name a field.
inline std::string KeyName(std::string_view key) { return "'" + std::string(key) + "'"; }

// Optional fields: an absent key leaves `out` at its default.
inline void OptionalString(YamlReader& r, MapFields& m, std::string_view key,
                           Located<std::string>* out) {
  if (YAML::Node n = m.Take(key); n.IsDefined()) r.ReadString(n, KeyName(key), out);
}
inline void OptionalInt(YamlReader& r, MapFields& m, std::string_view key, int64_t min, int64_t max,
                        Located<int64_t>* out) {
  if (YAML::Node n = m.Take(key); n.IsDefined()) r.ReadInt(n, KeyName(key), min, max, out);
}
inline void OptionalBool(YamlReader& r, MapFields& m, std::string_view key, Located<bool>* out) {
  if (YAML::Node n = m.Take(key); n.IsDefined()) r.ReadBool(n, KeyName(key), out);
}
inline void OptionalStringList(YamlReader& r, MapFields& m, std::string_view key, size_t max,
                               std::vector<Located<std::string>>* out) {
  if (YAML::Node n = m.Take(key); n.IsDefined()) r.ReadStringList(n, KeyName(key), max, out);
}
inline void RequiredString(YamlReader& r, MapFields& m, std::string_view key,
                           Located<std::string>* out) {
  if (YAML::Node n = m.Require(key); n.IsDefined()) r.ReadString(n, KeyName(key), out);
}

}  // namespace tunnelsim
