#include "engine/topology/dot.h"

#include <map>
#include <set>
#include <tuple>

#include <fmt/format.h>

#include "engine/reachability/cluster_model.h"

namespace tunnelsim {
namespace {

std::string Quote(std::string_view text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') out += '\\';
    out += c == '\n' ? std::string("\\n") : std::string(1, c);
  }
  return out + "\"";
}

std::string_view ShapeOf(VertexKind kind) {
  switch (kind) {
    case VertexKind::kApiServer:
    case VertexKind::kTunnelServer:
      return "doubleoctagon";
    case VertexKind::kNode:
      return "box3d";
    case VertexKind::kSubnet:
    case VertexKind::kVnet:
      return "folder";
    case VertexKind::kNsg:
      return "octagon";
    case VertexKind::kLoadBalancer:
    case VertexKind::kNatGateway:
    case VertexKind::kEgressFirewall:
    case VertexKind::kNoEgress:
    case VertexKind::kPrivateEndpoint:
      return "diamond";
    default:
      return "ellipse";
  }
}

// The nodes drawn as one vertex: same pool, sharing the pool's firewall.
struct NodeGroups {
  std::vector<size_t> first;  // per node: the first node of its group (itself if alone)
  std::vector<size_t> size;   // per node: how many nodes its group has (0 for non-first)
};

NodeGroups GroupNodes(const ClusterModel& m, bool collapse) {
  NodeGroups g{std::vector<size_t>(m.nodes.size()), std::vector<size_t>(m.nodes.size(), 0)};
  std::map<size_t, size_t> first_of_pool;
  for (size_t i = 0; i < m.nodes.size(); ++i) {
    const PoolModel& pool = m.pools[m.nodes[i].pool];
    bool shared = collapse && &m.Firewall(i) == pool.firewall.get();
    auto it = shared ? first_of_pool.try_emplace(m.nodes[i].pool, i).first : first_of_pool.end();
    g.first[i] = shared ? it->second : i;
    ++g.size[g.first[i]];
  }
  return g;
}

std::string GroupLabel(const Topology& t, TopologyVertex v, size_t count, size_t first,
                       size_t last) {
  const ClusterModel& m = t.model();
  const NodeModel& a = m.nodes[first];
  const NodeModel& b = m.nodes[last];
  switch (t.info(v).kind) {
    case VertexKind::kNode:
      return fmt::format("{} x {}\n{} - {}", m.pools[a.pool].spec->name.value, count,
                         a.address.ToString(), b.address.ToString());
    case VertexKind::kNic:
      return fmt::format("NICs x {}", count);
    case VertexKind::kKubelet:
      return fmt::format("kubelets :{} x {}", konnectivity::kKubeletPort, count);
    default:
      return fmt::format("pods {} ... {}", a.pod_range.ToString(), b.pod_range.ToString());
  }
}

}  // namespace

std::string TopologyToDot(const Topology& t, const DotOptions& options) {
  const ClusterModel& m = t.model();
  const TopologyGraph& g = t.graph();
  NodeGroups groups = GroupNodes(m, options.collapse_pools);
  std::vector<size_t> last_of_group(m.nodes.size());
  for (size_t i = 0; i < m.nodes.size(); ++i) last_of_group[groups.first[i]] = i;
  // Every vertex is drawn as itself or as the same-kind vertex of its group's first node.
  auto drawn = [&](TopologyVertex v) -> TopologyVertex {
    switch (g[v].kind) {
      case VertexKind::kNode:
      case VertexKind::kNic:
      case VertexKind::kKubelet:
      case VertexKind::kPodNetwork:
        return v - t.node(g[v].index) + t.node(groups.first[g[v].index]);
      default:
        return v;
    }
  };
  std::string out = "digraph topology {\n  rankdir=LR;\n  node [fontname=\"Helvetica\"];\n";
  for (TopologyVertex v = 0; v < boost::num_vertices(g); ++v) {
    if (drawn(v) != v) continue;
    std::string label = t.Label(v);
    bool per_node = g[v].kind == VertexKind::kNode || g[v].kind == VertexKind::kNic ||
                    g[v].kind == VertexKind::kKubelet || g[v].kind == VertexKind::kPodNetwork;
    if (per_node && groups.size[g[v].index] > 1) {
      label = GroupLabel(t, v, groups.size[g[v].index], g[v].index, last_of_group[g[v].index]);
    } else if (g[v].kind == VertexKind::kNode) {
      label += "\n" + m.nodes[g[v].index].address.ToString();
    }
    out += fmt::format("  v{} [label={}, shape={}];\n", v, Quote(label), ShapeOf(g[v].kind));
  }
  std::set<std::tuple<TopologyVertex, TopologyVertex, EdgeKind>> seen;
  for (TopologyVertex v = 0; v < boost::num_vertices(g); ++v) {
    for (auto [e, end] = boost::out_edges(v, g); e != end; ++e) {
      const EdgeInfo& info = g[*e];
      if (info.mirror) continue;
      TopologyVertex a = drawn(v), b = drawn(boost::target(*e, g));
      if (!seen.insert({a, b, info.kind}).second) continue;
      std::string style;
      if (info.kind == EdgeKind::kFilteredBy) {
        style = ", style=dashed, arrowhead=none";
      } else if (info.kind != EdgeKind::kRoutesVia) {
        style = ", dir=both";
      }
      out +=
          fmt::format("  v{} -> v{} [label={}{}];\n", a, b, Quote(EdgeKindName(info.kind)), style);
    }
  }
  return out + "}\n";
}

}  // namespace tunnelsim
