// tunnelsim trace: every hop of an operation's paths (or of a raw flow between two nodes).
#include <cstdio>
#include <memory>
#include <string>

#include <fmt/format.h>

#include "cli/commands.h"
#include "engine/diagnostics/diagnostics.h"
#include "engine/reachability/check.h"
#include "engine/report/trace_output.h"
#include "engine/scenario/load_scenario.h"

namespace tunnelsim::cli {

void RegisterTrace(CLI::App& app, int* exit_code) {
  struct Options {
    std::string scenario, op = "logs", pod, webhook, from_node, to_node;
    int port = 10250;
  };
  auto o = std::make_shared<Options>();
  auto* cmd = app.add_subcommand(
      "trace", "Show every hop of an operation's paths: node chains, NSGs, egress, listener.");
  cmd->footer(
      "Examples:\n"
      "  tunnelsim trace scenarios/contoso-prod.yaml --op logs --pod default/web-2\n"
      "  tunnelsim trace scenarios/contoso-prod.yaml --op admission --webhook policy.contoso.com\n"
      "  tunnelsim trace scenarios/contoso-prod.yaml --from-node aks-nodepool1-56810362-vmss000000 "
      "--to-node aks-nodepool1-56810362-vmss000002 --port 10250");
  cmd->add_option("SCENARIO", o->scenario, "Scenario file")->required();
  cmd->add_option("--op", o->op, "Operation")
      ->check(CLI::IsMember({"logs", "exec", "port-forward", "admission"}));
  cmd->add_option("--pod", o->pod, "Pod as NAMESPACE/NAME (workload name plus -index)");
  cmd->add_option("--webhook", o->webhook, "Webhook name, with --op admission");
  cmd->add_option("--from-node", o->from_node, "Raw flow: source node name");
  cmd->add_option("--to-node", o->to_node, "Raw flow: destination node name");
  cmd->add_option("--port", o->port, "Raw flow: TCP destination port")->check(CLI::Range(0, 65535));
  cmd->callback([o, exit_code] {
    Diagnostics diagnostics;
    auto scenario = LoadScenarioFile(o->scenario, &diagnostics);
    std::unique_ptr<ClusterModel> model;
    if (scenario) model = ClusterModel::Build(*scenario, &diagnostics);
    if (!model) {
      std::fputs(diagnostics.Format().c_str(), stderr);
      *exit_code = kExitBadInput;
      return;
    }
    auto fail = [&](const std::string& message) {
      std::fprintf(stderr, "%s: error: %s\n", o->scenario.c_str(), message.c_str());
      *exit_code = kExitBadInput;
    };
    if (!o->from_node.empty() || !o->to_node.empty()) {
      auto find = [&](const std::string& name) -> long {
        for (size_t i = 0; i < model->nodes.size(); ++i) {
          if (model->nodes[i].name == name) return static_cast<long>(i);
        }
        return -1;
      };
      long from = find(o->from_node), to = find(o->to_node);
      if (from < 0 || to < 0) {
        return fail(fmt::format(
            "no node named '{}'; expected names such as {}", from < 0 ? o->from_node : o->to_node,
            model->nodes.empty() ? "aks-<pool>-...-vmss000000" : model->nodes.front().name));
      }
      PathResult p = DialPath(*model, static_cast<size_t>(from), static_cast<size_t>(to),
                              model->nodes[static_cast<size_t>(to)].address,
                              static_cast<uint16_t>(o->port), false);
      std::fputs(FormatFlowTrace(*model, static_cast<size_t>(from), static_cast<size_t>(to),
                                 static_cast<uint16_t>(o->port))
                     .c_str(),
                 stdout);
      *exit_code = p.ok() ? kExitOk : kExitFindings;
      return;
    }
    TraceRequest request;
    request.operation = o->op == "exec"           ? Operation::kExec
                        : o->op == "port-forward" ? Operation::kPortForward
                        : o->op == "admission"    ? Operation::kAdmission
                                                  : Operation::kLogs;
    request.pod = o->pod;
    request.webhook = o->webhook;
    if (request.operation == Operation::kAdmission ? o->webhook.empty() : o->pod.empty()) {
      return fail(request.operation == Operation::kAdmission
                      ? "--op admission needs --webhook NAME"
                      : "--pod NAMESPACE/NAME is required (or --from-node/--to-node for a flow)");
    }
    CheckReport report = RunCheck(*model);
    auto text = FormatOperationTrace(report, request);
    if (!text.ok()) return fail(text.status().message());
    std::fputs(text->c_str(), stdout);
    bool works = true;
    if (request.operation == Operation::kAdmission) {
      for (const WebhookResult& w : report.webhooks) {
        if (w.spec->name.value == request.webhook) works = w.verdict.works();
      }
    } else {
      for (const WorkloadResult& w : report.workloads) {
        for (const PodResult& pod : w.pods) {
          if (pod.namespace_ + "/" + pod.name == request.pod)
            works = report.kubelet[pod.node].works();
        }
      }
    }
    *exit_code = works ? kExitOk : kExitFindings;
  });
}

}  // namespace tunnelsim::cli
