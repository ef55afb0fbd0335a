// LoadAndValidateDocument: loads a file of either kind tunnelsim reads (a Scenario or a
// ChangeSet), decided by its `kind`, and reports every problem to `diagnostics`.
#pragma once

#include <string>

#include "engine/diagnostics/diagnostics.h"

namespace tunnelsim {

enum class DocumentKind { kUnknown, kScenario, kChangeSet };
const char* DocumentKindName(DocumentKind kind);

DocumentKind LoadAndValidateDocument(const std::string& path, Diagnostics* diagnostics);

}  // namespace tunnelsim
