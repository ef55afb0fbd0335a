#include "engine/scenario/load_scenario.h"

#include <filesystem>

#include <fmt/format.h>

#include "engine/scenario/file_io.h"
#include "engine/scenario/scenario_loader.h"
#include "engine/scenario/validate_scenario.h"
#include "engine/scenario/yaml_document.h"

namespace tunnelsim {

std::optional<Scenario> LoadScenarioText(std::string_view text, const std::string& file,
                                         const std::string& base_dir, Diagnostics* diagnostics,
                                         const ScenarioLimits& limits) {
  size_t errors_before = diagnostics->error_count();
  if (text.size() > limits.max_file_bytes) {
    diagnostics->Error(file, {},
                       fmt::format("the file is larger than {} bytes", limits.max_file_bytes));
    return std::nullopt;
  }
  std::optional<YAML::Node> document = LoadSingleYamlDocument(text, file, "scenario", diagnostics);
  if (!document) return std::nullopt;
  Scenario scenario;
  scenario.file = file;
  scenario.source_text = std::string(text);
  YamlReader reader(file, diagnostics);
  ScenarioLoader loader(&reader, base_dir, limits);
  try {
    loader.ReadDocument(*document, &scenario);
  } catch (const YAML::Exception& e) {
    // yaml-cpp throws from accessors on malformed trees (and from its depth guard).
    SourcePos pos = e.mark.is_null() ? SourcePos{} : SourcePos{e.mark.line + 1, e.mark.column + 1};
    diagnostics->Error(file, pos, fmt::format("invalid YAML: {}", e.msg));
  }
  if (diagnostics->error_count() == errors_before) {
    ValidateScenario(scenario, limits, diagnostics);
  }
  if (diagnostics->error_count() != errors_before) return std::nullopt;
  return scenario;
}

std::optional<Scenario> LoadScenarioFile(const std::string& path, Diagnostics* diagnostics,
                                         const ScenarioLimits& limits) {
  auto text = ReadFileBounded(path, limits.max_file_bytes);
  if (!text.ok()) {
    diagnostics->Error(path, {}, text.status().message());
    return std::nullopt;
  }
  std::string base_dir = std::filesystem::path(path).parent_path().string();
  return LoadScenarioText(*text, path, base_dir.empty() ? "." : base_dir, diagnostics, limits);
}

void ScenarioLoader::ReadDocument(const YAML::Node& root, Scenario* out) {
  MapFields m(&r_, root, "the scenario");
  if (!m.valid()) return;
  if (YAML::Node n = m.Require("apiVersion"); n.IsDefined()) {
    LString v;
    r_.ReadEnum(n, "'apiVersion'", {"tunnelsim/v1"}, &v);
  }
  if (YAML::Node n = m.Require("kind"); n.IsDefined()) {
    if (!n.IsScalar() || n.Scalar() != "Scenario") {
      r_.Error(n, fmt::format("'kind' is '{}'; expected Scenario (change sets are validated with "
                              "their own kind, ChangeSet)",
                              n.IsScalar() ? n.Scalar() : "?"));
    }
  }
  if (YAML::Node n = m.Require("metadata"); n.IsDefined()) ReadMetadata(n, &out->metadata);
  if (YAML::Node n = m.Take("cluster"); n.IsDefined()) ReadCluster(n, &out->cluster);
  if (YAML::Node n = m.Require("network"); n.IsDefined()) ReadNetwork(n, &out->network);
  if (YAML::Node n = m.Require("nodePools"); n.IsDefined()) {
    if (r_.CheckSequence(n, "'nodePools'", limits_.max_node_pools)) {
      for (const YAML::Node& item : n) ReadNodePool(item, &out->node_pools.emplace_back());
    }
  }
  if (YAML::Node n = m.Take("workloads"); n.IsDefined()) {
    if (r_.CheckSequence(n, "'workloads'", limits_.max_workloads)) {
      for (const YAML::Node& item : n) ReadWorkload(item, &out->workloads.emplace_back());
    }
  }
  if (YAML::Node n = m.Take("webhooks"); n.IsDefined()) {
    if (r_.CheckSequence(n, "'webhooks'", limits_.max_workloads)) {
      for (const YAML::Node& item : n) ReadWebhook(item, &out->webhooks.emplace_back());
    }
  }
  if (YAML::Node n = m.Take("outbound"); n.IsDefined()) ReadOutbound(n, &out->outbound);
  if (YAML::Node n = m.Take("traffic"); n.IsDefined()) {
    if (r_.CheckSequence(n, "'traffic'", limits_.max_list_items)) {
      for (const YAML::Node& item : n) ReadTraffic(item, &out->traffic.emplace_back());
    }
  }
  m.Finish();
}

void ScenarioLoader::ReadMetadata(const YAML::Node& node, Metadata* out) {
  MapFields m(&r_, node, "'metadata'");
  RequiredString(r_, m, "name", &out->name);
  LString description;
  OptionalString(r_, m, "description", &description);
  out->description = description.value;
  m.Finish();
}

void ScenarioLoader::ReadCluster(const YAML::Node& node, Cluster* out) {
  MapFields m(&r_, node, "'cluster'");
  if (YAML::Node n = m.Take("apiServer"); n.IsDefined()) ReadApiServer(n, &out->api_server);
  if (YAML::Node n = m.Take("tunnel"); n.IsDefined()) ReadTunnel(n, &out->tunnel);
  OptionalString(r_, m, "podCidr", &out->pod_cidr);
  m.Finish();
}

void ScenarioLoader::ReadApiServer(const YAML::Node& node, ApiServer* out) {
  MapFields m(&r_, node, "'apiServer'");
  if (YAML::Node n = m.Take("access"); n.IsDefined()) {
    r_.ReadEnum(n, "'access'", {"public", "private", "vnetIntegration"}, &out->access);
  }
  OptionalString(r_, m, "publicIP", &out->public_ip);
  OptionalString(r_, m, "fqdn", &out->fqdn);
  OptionalString(r_, m, "privateIP", &out->private_ip);
  OptionalStringList(r_, m, "authorizedIPRanges", limits_.max_authorized_ip_ranges,
                     &out->authorized_ip_ranges);
  m.Finish();
}

void ScenarioLoader::ReadTunnel(const YAML::Node& node, TunnelSettings* out) {
  MapFields m(&r_, node, "'tunnel'");
  if (YAML::Node n = m.Take("kind"); n.IsDefined()) {
    r_.ReadEnum(n, "'kind'", {"konnectivity", "tunnel-front", "aks-link"}, &out->kind);
  }
  OptionalStringList(r_, m, "proxyStrategies", 3, &out->proxy_strategies);
  OptionalInt(r_, m, "serverCount", 1, 100, &out->server_count);
  if (YAML::Node agent = m.Take("agent"); agent.IsDefined()) {
    MapFields a(&r_, agent, "'agent'");
    if (YAML::Node res = a.Take("resources"); res.IsDefined()) {
      MapFields rm(&r_, res, "'resources'");
      if (YAML::Node n = rm.Take("requests"); n.IsDefined()) {
        ReadResources(n, "'requests'", &out->agent.requests);
      }
      if (YAML::Node n = rm.Take("limits"); n.IsDefined()) {
        ReadResources(n, "'limits'", &out->agent.limits);
      }
      rm.Finish();
    }
    OptionalStringList(r_, a, "nodes", static_cast<size_t>(limits_.max_nodes), &out->agent.nodes);
    OptionalInt(r_, a, "replicas", 1, 1000, &out->agent.replicas);
    OptionalBool(r_, a, "advertiseNodeIP", &out->agent.advertise_node_ip);
    a.Finish();
  }
  if (YAML::Node n = m.Take("load"); n.IsDefined()) ReadTunnelLoad(n, &out->load);
  if (YAML::Node n = m.Take("autoscaler"); n.IsDefined()) {
    out->autoscaler_pos = YamlReader::PosOf(n);
    ReadAutoscaler(n, &out->autoscaler);
  }
  m.Finish();
}

void ScenarioLoader::ReadAutoscaler(const YAML::Node& node,
                                    std::vector<std::pair<LString, LString>>* out) {
  if (!node.IsMap()) {
    r_.Error(node,
             "'autoscaler' must be the configmap's data, a mapping such as "
             "ladder: '{\"nodesToReplicas\":[[1,2]]}'");
    return;
  }
  for (const auto& entry : node) {
    LString key, value;
    if (r_.ReadString(entry.first, "an 'autoscaler' key", &key) &&
        r_.ReadString(entry.second, "an 'autoscaler' value", &value)) {
      out->emplace_back(std::move(key), std::move(value));
    }
  }
}

void ScenarioLoader::ReadTunnelLoad(const YAML::Node& node, TunnelLoad* out) {
  MapFields m(&r_, node, "'load'");
  out->present = m.valid();
  auto number = [&](std::string_view key, double max, Located<double>* field) {
    if (YAML::Node n = m.Take(key); n.IsDefined()) r_.ReadDouble(n, KeyName(key), 0, max, field);
  };
  auto duration = [&](std::string_view key, Located<double>* field) {
    if (YAML::Node n = m.Take(key); n.IsDefined()) r_.ReadDuration(n, KeyName(key), field);
  };
  number("logsFollow", 1e6, &out->logs_follow);
  number("execSessions", 1e6, &out->exec_sessions);
  number("portForwards", 1e6, &out->port_forwards);
  number("webhookCallsPerSecond", 1e6, &out->webhook_calls_per_second);
  duration("webhookLatency", &out->webhook_latency_seconds);
  number("apiCallsPerSecond", 1e6, &out->api_calls_per_second);
  duration("apiLatency", &out->api_latency_seconds);
  number("streamsPerNode", 1e4, &out->streams_per_node);
  OptionalString(r_, m, "baseMemory", &out->base_memory);
  OptionalString(r_, m, "memoryPerStream", &out->memory_per_stream);
  number("bufferFill", 1, &out->buffer_fill);
  m.Finish();
}

void ScenarioLoader::ReadResources(const YAML::Node& node, std::string_view what,
                                   ResourceList* out) {
  MapFields m(&r_, node, std::string(what));
  OptionalString(r_, m, "cpu", &out->cpu);
  OptionalString(r_, m, "memory", &out->memory);
  m.Finish();
}

}  // namespace tunnelsim
