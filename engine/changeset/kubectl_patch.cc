// The body of `kubectl patch configmap ... -p PATCH`: a JSON merge (or strategic merge) patch
// of the configmap, of which tunnelsim reads the data it sets.
#include <fmt/format.h>

#include "engine/changeset/cloud_parsers.h"
#include "models/cpa/json_dom.h"

namespace tunnelsim {
namespace {

void AppendUtf8(char32_t c, std::string* out) {
  if (c < 0x80) {
    *out += static_cast<char>(c);
  } else if (c < 0x800) {
    *out += static_cast<char>(0xC0 | (c >> 6));
    *out += static_cast<char>(0x80 | (c & 0x3F));
  } else if (c < 0x10000) {
    *out += static_cast<char>(0xE0 | (c >> 12));
    *out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    *out += static_cast<char>(0x80 | (c & 0x3F));
  } else {
    *out += static_cast<char>(0xF0 | (c >> 18));
    *out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
    *out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    *out += static_cast<char>(0x80 | (c & 0x3F));
  }
}

std::string JsonString(std::string_view literal) {
  std::string out;
  for (char32_t c : cpa::DecodeJsonString(literal)) AppendUtf8(c, &out);
  return out;
}

std::string_view KindName(cpa::JsonKind kind) {
  switch (kind) {
    case cpa::JsonKind::kNull:
      return "null";
    case cpa::JsonKind::kFalse:
    case cpa::JsonKind::kTrue:
      return "a boolean";
    case cpa::JsonKind::kNumber:
      return "a number";
    case cpa::JsonKind::kString:
      return "a string";
    case cpa::JsonKind::kArray:
      return "an array";
    case cpa::JsonKind::kObject:
      return "an object";
  }
  return "a value";
}

}  // namespace

std::optional<SetAutoscaler> ReadConfigMapPatch(const CommandContext& ctx, const ArgValue& patch) {
  const std::string& text = patch.text;
  size_t first = text.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) {
    ctx.Error(patch.PosAt(ctx),
              "must specify --patch or --patch-file containing the contents of the patch");
    return std::nullopt;
  }
  if (text[first] != '{') {
    ctx.Error(patch.PosAt(ctx, first),
              "the patch is not a JSON object; expected {\"data\": {\"ladder\": \"...\"}} "
              "(kubectl also takes YAML patches; tunnelsim reads JSON)");
    return std::nullopt;
  }
  auto doc = cpa::ParseJsonDocument(text);
  if (!doc.ok()) {
    ctx.Error(patch.PosAt(ctx, first),
              fmt::format("the patch is not valid JSON: {}", doc.status().message()));
    return std::nullopt;
  }
  const std::vector<cpa::JsonNode>& nodes = doc->nodes;
  auto at = [&](const cpa::JsonNode& node) {
    return patch.PosAt(ctx, static_cast<size_t>(node.text.data() - text.data()));
  };
  auto children = [&](size_t object, auto&& visit) {
    for (size_t k = object + 1; k < nodes[object].end; k = nodes[k + 1].end) visit(k, k + 1);
  };
  SetAutoscaler out;
  bool ok = true;
  bool has_data = false;
  children(0, [&](size_t key, size_t value) {
    std::string name = JsonString(nodes[key].text);
    if (name != "data") {
      ctx.Error(at(nodes[key]), fmt::format("the patch changes '{}'; tunnelsim reads only the "
                                            "configmap's data, expected {{\"data\": {{...}}}}",
                                            name));
      ok = false;
      return;
    }
    if (has_data) {
      ctx.Error(at(nodes[key]), "the patch has 'data' twice; expected it once");
      ok = false;
      return;
    }
    has_data = true;
    if (nodes[value].kind != cpa::JsonKind::kObject) {
      ctx.Error(at(nodes[value]), fmt::format("'data' is {}; expected an object of string values",
                                              KindName(nodes[value].kind)));
      ok = false;
      return;
    }
    out.pos = at(nodes[value]);
    children(value, [&](size_t k, size_t v) {
      LString data_key(JsonString(nodes[k].text), at(nodes[k]));
      const cpa::JsonNode& node = nodes[v];
      for (const auto& [seen, unused] : out.data) {
        if (seen.value == data_key.value) {
          ctx.Error(data_key.pos,
                    fmt::format("'data.{}' appears twice; expected each key once", seen.value));
          ok = false;
          return;
        }
      }
      if (node.kind == cpa::JsonKind::kNull) {
        ctx.Error(at(node), fmt::format("'data.{}' is null, which deletes the key; "
                                        "tunnelsim's autoscaler change cannot delete keys (give "
                                        "the whole data with an autoscaler: change)",
                                        data_key.value));
        ok = false;
      } else if (node.kind != cpa::JsonKind::kString) {
        // Configmap data values are strings; the API server refuses the patch.
        ctx.Error(at(node), fmt::format("'data.{}' is {}; configmap data values are strings, "
                                        "so the ladder JSON must be quoted as one "
                                        "(\"{{\\\"nodesToReplicas\\\":[[1,2]]}}\")",
                                        data_key.value, KindName(node.kind)));
        ok = false;
      } else {
        out.data.emplace_back(std::move(data_key), LString(JsonString(node.text), at(node)));
      }
    });
  });
  if (ok && !has_data) {
    ctx.Error(patch.PosAt(ctx, first),
              "the patch has no 'data'; expected {\"data\": {\"ladder\": \"...\"}}");
    return std::nullopt;
  }
  if (ok && out.data.empty()) {
    ctx.Error(out.pos, "the patch sets no configmap data; expected a key such as ladder");
    return std::nullopt;
  }
  if (!ok) return std::nullopt;
  return out;
}

}  // namespace tunnelsim
