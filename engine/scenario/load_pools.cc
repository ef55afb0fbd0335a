// The `nodePools`, `workloads` and `webhooks` sections.
#include <filesystem>

#include <fmt/format.h>

#include "engine/scenario/file_io.h"
#include "engine/scenario/scenario_loader.h"

namespace tunnelsim {

void ScenarioLoader::ReadNodePool(const YAML::Node& node, NodePool* out) {
  MapFields m(&r_, node, "a node pool");
  out->pos = m.pos();
  RequiredString(r_, m, "name", &out->name);
  if (YAML::Node n = m.Require("count"); n.IsDefined()) {
    r_.ReadInt(n, "'count'", 0, limits_.max_nodes_per_pool, &out->count);
  }
  OptionalString(r_, m, "vmSize", &out->vm_size);
  OptionalInt(r_, m, "cores", 1, 1024, &out->cores);
  RequiredString(r_, m, "subnet", &out->subnet);
  OptionalString(r_, m, "networkSecurityGroup", &out->network_security_group);
  OptionalInt(r_, m, "maxSurge", 0, limits_.max_nodes_per_pool, &out->max_surge);
  OptionalInt(r_, m, "maxCount", 0, limits_.max_nodes_per_pool, &out->max_count);
  if (YAML::Node n = m.Take("hostFirewall"); n.IsDefined()) ReadHostFirewall(n, out);
  m.Finish();
}

void ScenarioLoader::ReadHostFirewall(const YAML::Node& node, NodePool* out) {
  MapFields m(&r_, node, "'hostFirewall'");
  if (YAML::Node ufw = m.Take("ufw"); ufw.IsDefined()) {
    MapFields u(&r_, ufw, "'ufw'");
    OptionalBool(r_, u, "enabled", &out->ufw.enabled);
    if (YAML::Node d = u.Take("defaults"); d.IsDefined()) {
      MapFields dm(&r_, d, "'defaults'");
      if (YAML::Node n = dm.Take("incoming"); n.IsDefined()) {
        r_.ReadEnum(n, "'incoming'", {"deny", "reject", "allow"}, &out->ufw.default_incoming);
      }
      if (YAML::Node n = dm.Take("outgoing"); n.IsDefined()) {
        r_.ReadEnum(n, "'outgoing'", {"deny", "reject", "allow"}, &out->ufw.default_outgoing);
      }
      dm.Finish();
    }
    OptionalStringList(r_, u, "rules", limits_.max_ufw_rules, &out->ufw.rules);
    u.Finish();
  }
  if (YAML::Node n = m.Take("iptables"); n.IsDefined()) ReadIptables(n, &out->iptables);
  if (YAML::Node n = m.Take("commands"); n.IsDefined()) ReadHostCommands(n, out);
  m.Finish();
}

// Each entry is a command line (run on every node of the pool) or {command, node}.
void ScenarioLoader::ReadHostCommands(const YAML::Node& node, NodePool* out) {
  if (!r_.CheckSequence(node, "'commands'", limits_.max_ufw_rules)) return;
  for (const YAML::Node& entry : node) {
    HostCommand& command = out->host_commands.emplace_back();
    if (entry.IsMap()) {
      MapFields m(&r_, entry, "a host command");
      RequiredString(r_, m, "command", &command.text);
      RequiredString(r_, m, "node", &command.node);
      m.Finish();
    } else {
      r_.ReadString(entry, "a host command", &command.text);
    }
  }
}

void ScenarioLoader::ReadIptables(const YAML::Node& node, IptablesSpec* out) {
  out->text_pos = YamlReader::PosOf(node);
  if (node.IsScalar()) {
    out->present = true;
    out->text = node.Scalar();
    if (out->text.size() > limits_.max_iptables_bytes) {
      r_.Error(node,
               fmt::format("'iptables' text is larger than {} bytes", limits_.max_iptables_bytes));
    }
    return;
  }
  MapFields m(&r_, node, "'iptables'");
  if (!m.valid()) return;
  RequiredString(r_, m, "file", &out->file);
  m.Finish();
  if (out->file.value.empty()) return;
  // Scenarios come from pull requests: a file they name must stay inside the scenario's folder,
  // or CI would read (and echo in errors) whatever the path points at.
  std::filesystem::path path(out->file.value);
  bool escapes = path.is_absolute();
  for (const auto& part : path) escapes = escapes || part == "..";
  if (escapes) {
    r_.Error(out->file.pos, fmt::format("'file' is '{}'; expected a relative path inside the "
                                        "scenario's folder (no '..', not absolute)",
                                        out->file.value));
    return;
  }
  path = std::filesystem::path(base_dir_) / path;
  auto text = ReadFileBounded(path.string(), limits_.max_iptables_bytes);
  if (!text.ok()) {
    r_.Error(out->file.pos, text.status().message());
    return;
  }
  out->present = true;
  out->text = std::move(text).value();
  out->text_pos = {};  // line numbers then refer to the named file itself
}

void ScenarioLoader::ReadWorkload(const YAML::Node& node, Workload* out) {
  MapFields m(&r_, node, "a workload");
  out->pos = m.pos();
  RequiredString(r_, m, "namespace", &out->namespace_);
  RequiredString(r_, m, "name", &out->name);
  OptionalInt(r_, m, "replicas", 0, limits_.max_replicas, &out->replicas);
  OptionalString(r_, m, "nodePool", &out->node_pool);
  OptionalStringList(r_, m, "nodes", static_cast<size_t>(limits_.max_nodes), &out->nodes);
  OptionalInt(r_, m, "containerPort", 1, 65535, &out->container_port);
  m.Finish();
}

void ScenarioLoader::ReadWebhook(const YAML::Node& node, Webhook* out) {
  MapFields m(&r_, node, "a webhook");
  out->pos = m.pos();
  RequiredString(r_, m, "name", &out->name);
  RequiredString(r_, m, "namespace", &out->namespace_);
  RequiredString(r_, m, "service", &out->service);
  OptionalInt(r_, m, "targetPort", 1, 65535, &out->target_port);
  OptionalInt(r_, m, "replicas", 0, limits_.max_replicas, &out->replicas);
  OptionalString(r_, m, "nodePool", &out->node_pool);
  OptionalStringList(r_, m, "nodes", static_cast<size_t>(limits_.max_nodes), &out->nodes);
  if (YAML::Node n = m.Take("failurePolicy"); n.IsDefined()) {
    r_.ReadEnum(n, "'failurePolicy'", {"Fail", "Ignore"}, &out->failure_policy);
  }
  m.Finish();
}

}  // namespace tunnelsim
