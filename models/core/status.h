// Status: the outcome of an operation that can fail, carried across module edges instead of
// an exception. A Status is either ok() or holds a code and a one-line message meant for a
// person ("priority 5000 is outside 100-4096"). Cheap to copy; no heap use when ok.
#pragma once

#include <string>
#include <string_view>
#include <utility>

namespace tunnelsim {

class Status {
 public:
  enum class Code { kOk, kInvalidArgument, kNotFound, kOutOfRange, kUnsupported, kIoError };

  Status() = default;
  static Status Ok() { return Status(); }
  static Status InvalidArgument(std::string msg) {
    return Status(Code::kInvalidArgument, std::move(msg));
  }
  static Status NotFound(std::string msg) { return Status(Code::kNotFound, std::move(msg)); }
  static Status OutOfRange(std::string msg) { return Status(Code::kOutOfRange, std::move(msg)); }
  static Status Unsupported(std::string msg) { return Status(Code::kUnsupported, std::move(msg)); }
  static Status IoError(std::string msg) { return Status(Code::kIoError, std::move(msg)); }

  bool ok() const { return code_ == Code::kOk; }
  Code code() const { return code_; }
  const std::string& message() const { return message_; }

 private:
  Status(Code code, std::string msg) : code_(code), message_(std::move(msg)) {}
  Code code_ = Code::kOk;
  std::string message_;
};

}  // namespace tunnelsim
