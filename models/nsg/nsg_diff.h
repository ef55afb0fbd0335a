// Exact differencing of two versions of one NSG (like Batfish's compareFilters): which flows of
// one direction change access, as a few regions, each with a concrete example flow and the
// rule that decides it before and after.
//
// Design note. Each version is a first-match list of rule boxes (rule_box.h). For a box of
// flows, take the first rule of each version that meets it; when both cover the box, every
// flow in it is decided by that pair of rules (a leaf); otherwise split the box by the rule
// that does not cover it (the part inside, and box_set.h's subtraction for the rest) and go
// on. The split pieces remember where the scan stopped, so a rule is never tested twice on one
// branch. Only flows matched by a rule that is not shared by both versions (added, removed,
// modified, or moved relative to the others; matched by name, see shared_rules.h) can change,
// so the search starts from the disjoint union of those rules' boxes; all else is skipped.
// Platform addresses (evaluator.h) see only the service-tag entries of a rule and fall through
// to "allowed": each platform address, as source or destination, is a class of its own with
// its own rule boxes, so the result is exact for them too.
// Leaves with the same pair of deciding rules are merged while two of them differ in one
// dimension only (the union is then still one box); the deltas come sorted by deciding rules
// and then by region.
// Work: an explicit stack (no recursion on untrusted input) and at most `max_boxes` boxes
// examined; past that the result lists what was found and says exhaustive = false.
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <vector>

#include "models/core/ipv4.h"
#include "models/core/port_range.h"
#include "models/core/protocol.h"
#include "models/nsg/evaluator.h"

namespace tunnelsim::nsg {

// A set of flows: the product of its five lists. Lists are sorted and disjoint. Ports mean
// nothing to ICMP/ESP/AH flows; a region holding only those has all ports.
struct FlowRegion {
  std::vector<IpProtocol> protocols;  // in ProtocolBit order: Tcp, Udp, Icmp, Esp, Ah
  std::vector<Ipv4Range> sources;
  std::vector<PortRange> source_ports;
  std::vector<Ipv4Range> destinations;
  std::vector<PortRange> destination_ports;

  bool Contains(const Flow& flow) const;
};

// Flows whose verdict differs. Verdict names are views into the CompiledNsg of that side
// (empty for "no NSG").
struct FlowDelta {
  FlowRegion region;
  // A flow of the region, picked to look ordinary: TCP when possible, the lowest destination
  // port (not 0 unless alone), a source port in the IANA dynamic range when allowed, and
  // addresses outside 0/8, 127/8 and 224/3 that are not .0 or .255 when the region has one.
  Flow example;
  Verdict before;
  Verdict after;
};

struct NsgDiff {
  std::vector<FlowDelta> deltas;
  bool exhaustive = true;     // false when max_boxes stopped the search
  size_t boxes_examined = 0;  // for benchmarks and tuning
};

struct DiffOptions {
  size_t max_boxes = 100'000;
  // Starting pieces of the changed region; past this, start from all flows instead (still
  // exact, only slower).
  size_t max_start_pieces = 4'096;
  // Also report flows whose access stays but whose deciding rule (name, or the reason for a
  // verdict without a rule) changes. A new priority alone is not a change.
  bool report_rule_changes = false;
};

// A null side means no NSG is associated there: everything is allowed (reference/azure.md
// §1.5), so diffing against nullptr shows what associating or removing an NSG changes.
// REQUIRES: both non-null sides are versions of one NSG (rules matched by name).
NsgDiff DiffNsg(const CompiledNsg* before, const CompiledNsg* after, Direction direction,
                const DiffOptions& options = {});

// A named address set for printing ("Internet", "VirtualNetwork"); normalized ranges.
struct AddressName {
  std::string name;
  std::vector<Ipv4Range> ranges;
};
// The service tags of a context, resolved, for FormatRegion.
std::vector<AddressName> ServiceTagNames(const ServiceTagContext& context);

// "Tcp * except 10.0.0.0/16:* -> 10.224.0.0/16:22". An address list prints as "*" when it is
// everything, as a name when it equals one of `names`, otherwise as CIDRs (a range that is
// exactly one prefix) and "a-b" ranges, or as "* except ..." when that is shorter. Protocol
// "*" when all; ports are left out when no protocol of the region has them.
std::string FormatRegion(const FlowDelta& delta, std::span<const AddressName> names = {});
// "Deny by DenyAllInBound (65500)", "Allow (no NSG)", "Allow (platform address)".
std::string FormatVerdict(const Verdict& verdict);

}  // namespace tunnelsim::nsg
